using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Domains;
using TlsRptPlatform.Api.OpenApi;

namespace TlsRptPlatform.Api.TokenRotation;

/// <summary>
/// Rotating a domain's report token, e.g. after the address leaked and strangers post junk to it. The previous token
/// keeps working for <c>Reports:TokenGracePeriod</c> so that no real report is lost while the new record propagates.
/// </summary>
public static class ReportTokenRotationApi
{
    public static RouteHandlerBuilder MapReportTokenRotation(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/v1/domains/{name}/report-token/rotate", RotateAsync)
            .WithTags("Domains").WithName("Domains_RotateReportToken")
            .RequireAuthorization(PlatformClaims.TenantPolicy).RequireAccess(RouteAccess.Write)
            .WithSummary("Give the domain a new report token; the old one keeps working for a grace period")
            .WithDescription("Answers the domain with its new `ruaHttps`, `ruaMailto` and the `tlsRptRecord` to publish at `tlsRptRecordName`. Reports to the previous token, over HTTPS and SMTP, are accepted until `previousReportTokenExpiresAt` (`Reports:TokenGracePeriod` after now, default 7 days) and refused as an unknown token after it. Rotating again ends the older token at once.")
            .WithResponseExample(StatusCodes.Status200OK, RotatedExample)
            .WithProblemExample(StatusCodes.Status404NotFound, "domain-not-found", "'example.com' is not one of your domains.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

    private const string NewToken = "m7pq2w4e5r6t7y3u4i5o6p7a2s3d4f5g";

    private static readonly DomainResponse RotatedExample = new(
        "example.com", NewToken, new Uri($"https://tlsrpt.example.net/v1/reports/{NewToken}"), $"mailto:{NewToken}@reports.example.net",
        "_smtp._tls.example.com", $"v=TLSRPTv1; rua=mailto:{NewToken}@reports.example.net,https://tlsrpt.example.net/v1/reports/{NewToken}",
        Verified: true, new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero), RequireDkim: false,
        PreviousReportTokenExpiresAt: new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero));

    private static async Task<Results<Ok<DomainResponse>, ProblemHttpResult>> RotateAsync(
        string name, ClaimsPrincipal user, IGrainFactory grains, ReportAddresses addresses, IOptions<ReportTokenOptions> options)
    {
        var grain = DomainsApi.Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var domain = await grain!.RotateReportTokenAsync(user.TenantIdOf(), options.Value.TokenGracePeriod);
        return domain is null ? DomainsApi.NotFound(key) : TypedResults.Ok(addresses.Describe(domain));
    }
}
