using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Storage.Database;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Platform.Tests.Keys;

/// <summary>
/// A platform started on a store that an older release filled: the schema as of migration 021 (one key per tenant, no
/// names or scopes), a tenant with its key and a dashboard session, written with that release's SQL. Starting the
/// platform applies the newer migrations to it, as an upgrade does.
/// </summary>
public abstract class UpgradedPlatform : Infrastructure.PlatformFixture
{
    public const int LastVersionBeforeNamedKeys = 21;
    public const string TenantId = "t_0123456789abcdef01234567";

    /// <summary>The tenant's key as the older release handed it out.</summary>
    public string OldKey { get; } = ApiKeys.Generate();

    /// <summary>A dashboard session cookie the older release created.</summary>
    public string OldSession { get; } = "session-" + Guid.NewGuid().ToString("N");

    protected async Task SeedAsync(StorageOptions storage)
    {
        await using var database = new PlatformDatabase(Options.Create(storage));
        await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).MigrateToAsync(LastVersionBeforeNamedKeys);
        await using var connection = await database.OpenAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var sql in new[]
        {
            $"INSERT INTO tenants (id, name, created_at) VALUES ('{TenantId}', 'Before the upgrade', {now})",
            $"INSERT INTO api_keys (key_hash, tenant_id, created_at) VALUES ('{ApiKeys.Hash(OldKey)}', '{TenantId}', {now})",
            $"INSERT INTO sessions (id_hash, tenant_id, csrf_token, expires_at) VALUES ('{ApiKeys.Hash(OldSession)}', '{TenantId}', 'csrf-before', {now + 3_600_000})",
        })
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant test SQL with generated hex values.
            command.CommandText = sql;
#pragma warning restore CA2100
            await command.ExecuteNonQueryAsync();
        }
    }
}

public sealed class UpgradedPostgresPlatform : UpgradedPlatform
{
    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        var connectionString = await Infrastructure.PostgresServer.Instance.CreateDatabaseAsync();
        await SeedAsync(new StorageOptions { PostgresConnectionString = connectionString });
        return new Dictionary<string, string?> { ["ConnectionStrings:Platform"] = connectionString };
    }
}

public sealed class UpgradedSqlitePlatform : UpgradedPlatform
{
    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        await SeedAsync(new StorageOptions { DataDirectory = DataDirectory });
        return new Dictionary<string, string?>();
    }
}
