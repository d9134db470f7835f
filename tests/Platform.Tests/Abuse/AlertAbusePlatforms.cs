using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>
/// The embedded store with the alert dispatcher's default limits and time-outs, as an attacker meets them; only
/// webhooks may reach loopback, where the test receivers listen.
/// </summary>
public sealed class SqliteAlertAbusePlatform : PlatformFixture
{
    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?> { ["Alerts:AllowPrivateTargets"] = "true" });
}

/// <summary>PostgreSQL with the alert dispatcher's default limits and time-outs; webhooks may reach loopback.</summary>
public sealed class PostgresAlertAbusePlatform : PlatformFixture
{
    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:Platform"] = await PostgresServer.Instance.CreateDatabaseAsync(),
            ["Alerts:AllowPrivateTargets"] = "true",
        };
}
