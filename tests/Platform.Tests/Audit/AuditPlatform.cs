using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Audit;

/// <summary>PostgreSQL, audit events kept one day and pruned every second.</summary>
public sealed class AuditPlatform : PlatformFixture
{
    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:Platform"] = await PostgresServer.Instance.CreateDatabaseAsync(),
            ["Audit:RetentionDays"] = "1",
            ["Audit:PruneInterval"] = "00:00:01",
        };
}
