using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.RateLimiting;

namespace TlsRptPlatform.Api.MtaSts;

/// <summary>
/// What faces the internet for hosted MTA-STS (DESIGN D11): the policy file by Host name, and the question a TLS
/// front (Caddy's on-demand TLS, an operator's script for cert-manager) asks before it obtains a certificate. Both
/// are anonymous, answer from <see cref="HostedPolicyCache"/>, and never redirect.
/// </summary>
public static class PolicyHostApi
{
    public const string PolicyPath = "/.well-known/mta-sts.txt";

    public static IEndpointRouteBuilder MapPolicyHost(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("MTA-STS policy host").AllowAnonymousAccess()
            .RequireRateLimiting(PlatformRateLimiter.PolicyHostPolicy);
        group.MapGet(PolicyPath, PolicyFileAsync).WithName("MtaSts_PolicyFile")
            .WithSummary("The hosted MTA-STS policy of the domain named by the request's Host (mta-sts.<domain>)")
            .WithDescription("RFC 8461 §3.3: `text/plain`, CRLF line endings, `version: STSv1`, `mode`, one `mx` line per pattern, "
                + "`max_age`. 404 for any other Host, or a domain without a hosted policy; never a redirect. Served from memory: "
                + "a change is served by every process within `MtaSts:PolicyCacheDuration`.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain").Produces(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/v1/mta-sts/ask", AskAsync).WithName("MtaSts_Ask")
            .WithSummary("Whether a TLS front may obtain a certificate for a name: 200 only for mta-sts.<domain with a hosted policy>")
            .WithDescription("Caddy's `on_demand_tls { ask … }` calls this with `?domain=<server name>` before it obtains a certificate, "
                + "so that names pointed at the service by strangers get none. Any other name, or none, is 404.")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return routes;
    }

    private static async Task<ContentHttpResult> PolicyFileAsync(HttpContext context, HostedPolicyCache cache)
    {
        var text = PolicyHostName.TryGetDomain(context.Request.Host.Host, out var domain)
            ? await cache.FindAsync(domain, context.RequestAborted)
            : null;
        return text is null
            ? TypedResults.Text("No MTA-STS policy is hosted for this name.\r\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Text(text, "text/plain; charset=utf-8");
    }

    private static async Task<ContentHttpResult> AskAsync(string? domain, HttpContext context, HostedPolicyCache cache)
    {
        var hosted = PolicyHostName.TryGetDomain(domain, out var name) && await cache.FindAsync(name, context.RequestAborted) is not null;
        return TypedResults.Text(hosted ? "hosted\r\n" : "not hosted\r\n", "text/plain; charset=utf-8", statusCode: hosted ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
    }
}
