using Microsoft.Extensions.Diagnostics.HealthChecks;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Api.Health;

/// <summary>Ready only while the SQL store answers.</summary>
public sealed class StoreHealthCheck(PlatformDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{database.Dialect} store reachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{database.Dialect} store unreachable", ex);
        }
    }
}
