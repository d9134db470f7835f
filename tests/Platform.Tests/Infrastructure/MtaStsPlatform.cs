using Npgsql;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// Hosted MTA-STS on PostgreSQL: the test DNS server and MTA-STS HTTPS server of <see cref="PolicyPlatform"/>, alerts
/// to loopback webhooks, a one-second policy cache, and <c>Platform:PolicyHost</c> set. Tests may backdate rows
/// through <see cref="ExecuteAsync"/>, as the passing of weeks would.
/// </summary>
public sealed class MtaStsPlatform : PolicyPlatform
{
    public const string PolicyHost = "mta-sts.tlsrpt.example.net";

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>Runs SQL against the platform's own database.</summary>
    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        ConnectionString = await PostgresServer.Instance.CreateDatabaseAsync();
        return new Dictionary<string, string?>(await base.SettingsAsync())
        {
            ["ConnectionStrings:Platform"] = ConnectionString,
            ["Platform:PolicyHost"] = PolicyHost,
            ["MtaSts:PolicyCacheDuration"] = "00:00:01",
            ["Alerts:AllowPrivateTargets"] = "true",
            ["Alerts:DispatchInterval"] = "00:00:00.500",
        };
    }
}
