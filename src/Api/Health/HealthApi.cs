using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TlsRptPlatform.Api.Authorization;

namespace TlsRptPlatform.Api.Health;

public static class HealthApi
{
    /// <summary>Tag of the checks that decide readiness (store, silo, shutdown).</summary>
    public const string ReadyTag = "ready";

    /// <summary>Tag of the checks that decide start-up is complete (the silo joined the cluster, the store answers).</summary>
    public const string StartupTag = "startup";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health").AllowAnonymousAccess().DisableRateLimiting();

        // Liveness is local only: no database or grain calls, so a slow database never gets pods restarted.
        group.MapGet("/live", () => TypedResults.Ok(new HealthResponse("Healthy", new Dictionary<string, string>())))
            .WithSummary("Liveness: the process serves HTTP");
        group.MapGet("/ready", (HealthCheckService health, CancellationToken ct) => CheckAsync(health, ReadyTag, ct))
            .WithSummary("Readiness: the silo is active, the store answers, and shutdown has not begun")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/startup", (HealthCheckService health, CancellationToken ct) => CheckAsync(health, StartupTag, ct))
            .WithSummary("Start-up: the silo has joined the cluster and the store answers")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> CheckAsync(HealthCheckService health, string tag, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains(tag), cancellationToken);
        // Only statuses go out: check descriptions and exceptions may name hosts or connection details.
        var body = new HealthResponse(report.Status.ToString(), report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()));
        return report.Status == HealthStatus.Healthy
            ? TypedResults.Ok(body)
            : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string> Checks);
