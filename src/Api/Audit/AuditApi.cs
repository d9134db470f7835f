using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Domains;
using TlsRptPlatform.Api.OpenApi;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Audit;

namespace TlsRptPlatform.Api.Audit;

/// <summary>The tenant's audit log, as JSON or CSV. Admin scope: it names keys and client addresses.</summary>
public static class AuditApi
{
    public const int DefaultLimit = 1_000;
    public const int MaxLimit = 10_000;

    public static RouteHandlerBuilder MapAudit(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/audit", ListAsync)
            .WithTags("Audit").WithName("Audit_List")
            .RequireAuthorization(PlatformClaims.TenantPolicy).RequireAccess(RouteAccess.Admin)
            .WithSummary("Changes and dashboard sign-ins of the tenant, newest first")
            .WithDescription("`from`/`to` are inclusive UTC days (YYYY-MM-DD; default the last 30 days, at most 1,100). Every state-changing request of a tenant key or session is recorded, refused ones with their status too, and every dashboard sign-in and failed sign-in with a known key: who (`actorKind` `key` or `session`, `keyId`, `keyName`), when, from which `address`, and what (`action` = method and route, `target` = route values and the `Location` answered; never a body, key or token). `Accept: text/csv` or `format=csv` answers CSV. `limit` 1–10,000 (default 1,000). Kept `Audit:RetentionDays` (400).")
            .Produces<AuditEntryResponse[]>(StatusCodes.Status200OK)
            .Produces<string>(StatusCodes.Status200OK, AuditCsv.MediaType)
            .WithResponseExample(StatusCodes.Status200OK, new[] { Example })
            .WithProblemExample(StatusCodes.Status400BadRequest, "invalid-request", "'from' and 'to' are dates in the form YYYY-MM-DD.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

    private static readonly AuditEntryResponse Example = new(
        "ev_2b7c4d9e0f1a3b5c6d7e8f90", new DateTimeOffset(2026, 11, 30, 14, 2, 11, TimeSpan.Zero), AuditActors.Session,
        "key_5d1c0e9a7b3f24c18e6a90d2", "initial key", "203.0.113.7", "DELETE /v1/domains/{name}/alert-rules/{id}",
        "id=r_41f0a2c3d4e5f60718293a4b name=example.com", StatusCodes.Status204NoContent);

    private static async Task<Results<Ok<AuditEntryResponse[]>, ContentHttpResult, ProblemHttpResult>> ListAsync(
        HttpContext context, ClaimsPrincipal user, AuditStore store, TimeProvider time, string? from, string? to, string? format, int? limit, CancellationToken cancellationToken)
    {
        if (!DayRange.TryParse(from, to, time.GetUtcNow(), DayRange.MaxDailyDays, out var range, out var error))
        {
            return ProblemTypes.InvalidRequest(error);
        }

        if (limit is < 1 or > MaxLimit)
        {
            return ProblemTypes.InvalidRequest($"'limit' is between 1 and {MaxLimit}.", "$.limit");
        }

        var start = new DateTimeOffset(range.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(range.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var entries = (await store.ListAsync(user.TenantIdOf(), start, end, limit ?? DefaultLimit, cancellationToken)).Select(Describe).ToArray();
        return WantsCsv(context, format)
            ? TypedResults.Text(AuditCsv.Write(entries), AuditCsv.MediaType + "; charset=utf-8")
            : TypedResults.Ok(entries);
    }

    private static bool WantsCsv(HttpContext context, string? format) =>
        string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
        || (format is null && context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(AuditCsv.MediaType, StringComparison.OrdinalIgnoreCase)));

    private static AuditEntryResponse Describe(AuditEvent e) =>
        new(e.Id, e.At, e.ActorKind, e.KeyId, e.KeyName, e.Address, e.Action, e.Target, e.Status);
}
