namespace TlsRptPlatform.Storage.Database;

/// <summary>Where the platform keeps its data. PostgreSQL when a connection string is set, else a SQLite file.</summary>
public sealed class StorageOptions
{
    /// <summary><c>ConnectionStrings:Platform</c>: a PostgreSQL connection string.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary><c>Platform:DataDirectory</c>: where the embedded store lives when no connection string is set.</summary>
    public string DataDirectory { get; set; } = "data";

    public SqlDialect Dialect => string.IsNullOrWhiteSpace(PostgresConnectionString) ? SqlDialect.Sqlite : SqlDialect.PostgreSql;

    public string SqliteFile => Path.GetFullPath(Path.Combine(DataDirectory, "platform.db"));
}
