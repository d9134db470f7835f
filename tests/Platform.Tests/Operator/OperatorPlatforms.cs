using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Operator;

/// <summary>A fresh PostgreSQL database and a small default domain quota, so that the quota is reached in a few requests.</summary>
public sealed class PostgresOperatorPlatform : PlatformFixture
{
    public const int DefaultMaxDomains = 3;

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:Platform"] = await PostgresServer.Instance.CreateDatabaseAsync(),
            ["Tenants:MaxDomains"] = DefaultMaxDomains.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
}

/// <summary>The embedded store with the same small default domain quota.</summary>
public sealed class SqliteOperatorPlatform : PlatformFixture
{
    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Tenants:MaxDomains"] = PostgresOperatorPlatform.DefaultMaxDomains.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
