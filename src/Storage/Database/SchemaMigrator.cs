using System.Data.Common;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace TlsRptPlatform.Storage.Database;

/// <summary>
/// Creates and migrates the schema (versioned, idempotent, safe to run from several processes at once) and installs
/// the Orleans ADO.NET query texts. The Orleans packages ship no SQL; ours is written against their query contract.
/// </summary>
public sealed partial class SchemaMigrator(PlatformDatabase database, ILogger<SchemaMigrator> logger)
{
    private const long PostgresLockKey = 0x544c5352_5054; // "TLSRPT": one migrator at a time across the cluster.
    private static readonly Assembly Resources = typeof(SchemaMigrator).Assembly;

    public Task MigrateAsync(CancellationToken cancellationToken = default) => MigrateToAsync(int.MaxValue, cancellationToken);

    /// <summary>Applies the migrations up to and including <paramref name="lastVersion"/>: how upgrade tests build a database as an older release left it.</summary>
    public async Task MigrateToAsync(int lastVersion, CancellationToken cancellationToken = default)
    {
        var folder = database.Dialect.ToString();
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Dialect == SqlDialect.Sqlite)
        {
            // WAL lets the API read while a grain writes; the setting persists in the file.
            await connection.Command("PRAGMA journal_mode=WAL;").NonQueryAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Dialect == SqlDialect.PostgreSql)
        {
            await connection.Command("SELECT pg_advisory_xact_lock(@key)", transaction).With("key", PostgresLockKey).ScalarAsync(cancellationToken);
        }

        await connection.Command("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)", transaction)
            .NonQueryAsync(cancellationToken);
        var applied = (await connection.Command("SELECT version FROM schema_migrations", transaction)
            .ListAsync(r => r.GetInt32(0), cancellationToken)).ToHashSet();

        foreach (var (version, name) in Migrations(folder))
        {
            if (applied.Contains(version) || version > lastVersion)
            {
                continue;
            }

            await connection.Command(ReadResource($"{folder}/{name}"), transaction).NonQueryAsync(cancellationToken);
            await connection.Command("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)", transaction)
                .With("v", version).With("n", name).With("t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())
                .NonQueryAsync(cancellationToken);
            LogApplied(logger, version, name, folder);
        }

        await InstallOrleansQueriesAsync(connection, transaction, folder, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task InstallOrleansQueriesAsync(DbConnection connection, DbTransaction transaction, string folder, CancellationToken cancellationToken)
    {
        // Every file under OrleansQueries/<engine>/ is one query of the providers' contract, named by its key.
        var prefix = $"OrleansQueries/{folder}/";
        foreach (var resource in Resources.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var key = Path.GetFileNameWithoutExtension(resource);
            await connection.Command(
                    "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@k, @t) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText",
                    transaction)
                .With("k", key)
                .With("t", ReadResource(resource))
                .NonQueryAsync(cancellationToken);
        }
    }

    private static IEnumerable<(int Version, string Name)> Migrations(string folder) =>
        Resources.GetManifestResourceNames()
            .Where(n => n.StartsWith(folder + "/", StringComparison.Ordinal) && n.IndexOf('/', folder.Length + 1) < 0)
            .Select(n => n[(folder.Length + 1)..])
            .Select(n => (Version: int.Parse(n.AsSpan(0, n.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture), Name: n))
            .OrderBy(m => m.Version);

    private static string ReadResource(string name)
    {
        using var stream = Resources.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing schema resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Version} ({Name}) on {Dialect}")]
    private static partial void LogApplied(ILogger logger, int version, string name, string dialect);
}
