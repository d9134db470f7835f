using Npgsql;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>Silos and a gateway as separate processes on one PostgreSQL database, as deploy/k8s runs them.</summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly List<PlatformProcess> _silos = [];

    private ProcessCluster(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public IReadOnlyList<PlatformProcess> Silos => _silos;

    public PlatformProcess Gateway { get; private set; } = null!;

    /// <param name="settings">The settings of a process in the given <c>Platform:Role</c> ("silo" or "gateway").</param>
    public static async Task<ProcessCluster> StartAsync(string connectionString, int silos, Func<string, Dictionary<string, string>> settings)
    {
        var cluster = new ProcessCluster(connectionString);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                cluster._silos.Add(await PlatformProcess.StartAsync(FreePort.Next(), WithRole(settings, "silo")));
            }

            cluster.Gateway = await PlatformProcess.StartAsync(FreePort.Next(), WithRole(settings, "gateway"));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Membership settings that declare a dead silo within seconds instead of Orleans' production defaults.</summary>
    public static void DeclareDeadWithinSeconds(Dictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Orleans:Membership:ProbeTimeout"] = "00:00:01";
        settings["Orleans:Membership:NumMissedProbesLimit"] = "2";
        settings["Orleans:Membership:NumVotesForDeathDeclaration"] = "1";
        settings["Orleans:Membership:TableRefreshTimeout"] = "00:00:02";
    }

    /// <summary>Reports stored, and reports counted in the day totals: equal unless something was counted twice.</summary>
    public async Task<(long Stored, long Counted)> ReportCountsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT (SELECT count(*) FROM reports), (SELECT coalesce(sum(reports), 0) FROM daily_totals)::bigint", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            // A silo a test paused must run again to be killed cleanly.
            if (!silo.HasExited)
            {
                await silo.ContinueAsync();
            }

            await silo.DisposeAsync();
        }
    }

    private static Dictionary<string, string> WithRole(Func<string, Dictionary<string, string>> settings, string role)
    {
        var result = settings(role);
        result["Platform:Role"] = role;
        return result;
    }
}
