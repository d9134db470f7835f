using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TlsRptPlatform.Storage.Database;

/// <summary>Opens connections to the platform's store; the one place that knows which engine is behind it.</summary>
public sealed class PlatformDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;

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

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
