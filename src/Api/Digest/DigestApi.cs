using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Digest;

namespace TlsRptPlatform.Api.Digest;

/// <summary>
/// The weekly digest's opt-in, per tenant (off by default). Its recipients are the tenant's e-mail alert channels until
/// member accounts (issue 13) exist; then members replace channels and this switch becomes per member.
/// </summary>
public static class DigestApi
{
    private const string Description =
        "When on, every e-mail alert channel of the tenant receives a weekly digest on `Digest:DayOfWeek` (default Monday) from `Digest:Hour` UTC (default 7): "
        + "each domain's sessions and failure rate for the previous ISO week against the week before, the top failures with their fixes, policy changes, "
        + "expiring certificates and silent reporters, and a link to the dashboard with the week's range. Each channel gets each week's digest once. "
        + "Digests are alerts of kind `digest` in `GET /v1/alerts`, with their delivery status.";

    public static void MapDigest(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/digest").WithTags("Alerts").RequireAuthorization(PlatformClaims.TenantPolicy)
            .RequireAccessByMethod(changes: RouteAccess.Admin) // the digest is a tenant-level setting
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", GetAsync).WithName("Digest_Get")
            .WithSummary("Whether the tenant receives the weekly digest e-mail")
            .WithDescription("`{\"enabled\": false}` until turned on. " + Description);
        group.MapPut("/", PutAsync).WithName("Digest_Put")
            .WithSummary("Turn the weekly digest e-mail on or off for the tenant")
            .WithDescription("Body `{\"enabled\": true}` or `{\"enabled\": false}`; answers the new setting. " + Description)
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<Ok<DigestSettings>> GetAsync(ClaimsPrincipal user, DigestStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new DigestSettings(await store.IsEnabledAsync(user.TenantIdOf(), cancellationToken) ?? false));

    private static async Task<Results<Ok<DigestSettings>, ProblemHttpResult>> PutAsync(
        DigestSettings request, ClaimsPrincipal user, DigestStore store, CancellationToken cancellationToken)
    {
        if (request?.Enabled is not { } enabled)
        {
            return ProblemTypes.InvalidRequest("'enabled' (true or false) is required.", "$.enabled");
        }

        await store.SetEnabledAsync(user.TenantIdOf(), enabled, cancellationToken);
        return TypedResults.Ok(new DigestSettings(enabled));
    }
}
