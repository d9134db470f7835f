namespace TlsRptPlatform.Storage.Database;

/// <summary>The two SQL engines behind one data model: DML is shared, only DDL and the Orleans query texts differ.</summary>
public enum SqlDialect
{
    PostgreSql,
    Sqlite,
}
