using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TlsRptPlatform.Storage.Database;

/// <summary>Opens connections to the platform's store; the one place that knows which engine is behind it.</summary>
public sealed class PlatformDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    // SQLite has one writer at a time. Queuing our writers here, instead of in the driver's busy-retry loop (which
    // sleeps between attempts), keeps write latency flat under concurrent ingestion.
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    public PlatformDatabase(IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        Dialect = value.Dialect;
        if (Dialect == SqlDialect.PostgreSql)
        {
            var builder = new NpgsqlConnectionStringBuilder(value.PostgresConnectionString);
            if (builder.MaxAutoPrepare == 0)
            {
                // The same few statements run for every report: prepared once per connection, PostgreSQL stops
                // parsing and planning them each time. An operator's own setting wins.
                builder.MaxAutoPrepare = 64;
                builder.AutoPrepareMinUsages = 2;
            }

            if (!Names(value.PostgresConnectionString, "No Reset On Close", "NoResetOnClose"))
            {
                // Resetting a pooled connection costs PostgreSQL seven statements (RESET ALL, UNLISTEN *, …) per use —
                // more than a report's own upserts. The platform keeps no session state: no SET, LISTEN, temporary
                // tables or session-level advisory locks; an open transaction is still rolled back when a connection
                // goes back to the pool. An operator's own setting wins.
                builder.NoResetOnClose = true;
            }

            _postgres = NpgsqlDataSource.Create(builder.ConnectionString);
            ConnectionString = value.PostgresConnectionString!;
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(value.SqliteFile)!);
            ConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = value.SqliteFile,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
        }
    }

    public SqlDialect Dialect { get; }

    /// <summary>Whether the connection string sets one of these keywords itself.</summary>
    /// <remarks>Npgsql's own builder answers <c>ContainsKey</c> for every keyword it knows, set or not.</remarks>
    private static bool Names(string? connectionString, params string[] keywords)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return keywords.Any(given.ContainsKey);
    }

    public string ConnectionString { get; }

    /// <summary>The invariant name Orleans' ADO.NET providers know this engine by.</summary>
    /// <remarks>Orleans 10.4 maps <c>System.Data.SQLite</c> to Microsoft.Data.Sqlite's factory; the name
    /// <c>Microsoft.Data.Sqlite</c> fails at silo start (ORLEANS-NOTES).</remarks>
    public string OrleansInvariant => Dialect == SqlDialect.PostgreSql ? "Npgsql" : "System.Data.SQLite";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Held around every write transaction; a no-op on PostgreSQL, which handles concurrent writers itself.</summary>
    public async ValueTask<WriteLease> EnterWriteAsync(CancellationToken cancellationToken = default)
    {
        if (Dialect != SqlDialect.Sqlite)
        {
            return default;
        }

        await _sqliteWriter.WaitAsync(cancellationToken);
        return new WriteLease(_sqliteWriter);
    }

    public async ValueTask DisposeAsync()
    {
        _sqliteWriter.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    public readonly struct WriteLease(SemaphoreSlim? held) : IDisposable
    {
        public void Dispose() => held?.Release();
    }
}
