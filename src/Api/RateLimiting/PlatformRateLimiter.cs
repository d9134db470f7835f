using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Api.Reports;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.RateLimiting;

/// <summary>
/// Abuse limits: ingestion per report token and per client address, the tenant API per key. Each is a fixed
/// one-minute window; 0 turns a limit off. Refusals are 429 problem+json with <c>Retry-After</c>.
/// </summary>
public static class PlatformRateLimiter
{
    /// <summary>The endpoint policy of the anonymous MTA-STS policy host.</summary>
    public const string PolicyHostPolicy = "policy-host";

    public static IServiceCollection AddPlatformRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = new RateLimitOptions();
        configuration.GetSection("Ingestion:RateLimit").Bind(limits);
        limits.PerApiKeyPerMinute = configuration.GetValue("Api:RateLimit:PerKeyPerMinute", limits.PerApiKeyPerMinute);

        return services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Partition(limits.PerTokenPerMinute, ctx => IsIngestion(ctx) && ctx.GetRouteValue("token") is string token ? "token:" + token : null),
                Partition(limits.PerAddressPerMinute, ctx => IsIngestion(ctx) ? "addr:" + ctx.Connection.RemoteIpAddress : null),
                Partition(limits.PerApiKeyPerMinute, ApiKeyPartition));
            options.OnRejected = RefuseAsync;
        });
    }

    /// <summary>
    /// <c>MtaSts:RateLimit:PerAddressPerMinute</c> (1,200) for the anonymous policy host (<c>/.well-known/mta-sts.txt</c>
    /// and the certificate ask), per client address: a sender fetches a domain's policy once per <c>max_age</c>, so
    /// only someone sweeping names comes near it — each unknown name costs a store read. Every role that serves them
    /// adds it, the <c>policy</c> role too.
    /// </summary>
    public static IServiceCollection AddPolicyHostRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("MtaSts:RateLimit:PerAddressPerMinute", 1_200);
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(PolicyHostPolicy, context => perMinute > 0
                ? RateLimitPartition.GetFixedWindowLimiter("policy:" + context.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));
            options.OnRejected = RefuseAsync;
        });
    }

    private static async ValueTask RefuseAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ProblemTypes.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests",
            $"Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.").ExecuteAsync(context.HttpContext);
    }

    /// <remarks>
    /// Routing matches paths case-insensitively and ignores a trailing slash, so the limiter must too: the token comes
    /// from the matched route, and the address limit covers every spelling of the prefix, routed or not.
    /// </remarks>
    private static bool IsIngestion(HttpContext context) =>
        HttpMethods.IsPost(context.Request.Method)
        && context.Request.Path.StartsWithSegments(ReportsApi.RoutePrefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static string? ApiKeyPartition(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length > 300)
        {
            return null;
        }

        // The limit keeps one tenant from starving the others; the operator's admin key (provisioning scripts) is not
        // a tenant. Partition by the key's hash so the clear key is never a dictionary key that outlives the request.
        var key = header["Bearer ".Length..].Trim();
        return context.RequestServices.GetRequiredService<AdminKey>().Matches(key) ? null : "key:" + ApiKeys.Hash(key);
    }

    private static PartitionedRateLimiter<HttpContext> Partition(int perMinute, Func<HttpContext, string?> key) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var partition = perMinute > 0 ? key(context) : null;
            return partition is null
                ? RateLimitPartition.GetNoLimiter(string.Empty)
                : RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
        });
}
