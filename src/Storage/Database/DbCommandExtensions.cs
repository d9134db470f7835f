using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace TlsRptPlatform.Storage.Database;

/// <summary>Small helpers so that every command is parameterised and disposed after one use.</summary>
internal static class DbCommandExtensions
{
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // All SQL is constant text of this assembly; values always travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        return command;
    }

    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        // Every statement writes its parameters as @name. Given a bare name, Microsoft.Data.Sqlite looks each one up
        // under three prefixes in the prepared statement: a sixth of the embedded store's ingestion CPU in a profile.
        parameter.ParameterName = command is SqliteCommand ? "@" + name : name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static async Task<int> NonQueryAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static async Task<object?> ScalarAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        await using (command)
        {
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is DBNull ? null : value;
        }
    }

    public static async Task<List<T>> ListAsync<T>(this DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(read(reader));
            }

            return list;
        }
    }

    public static async Task<T?> FirstOrDefaultAsync<T>(this DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class =>
        (await command.ListAsync(read, cancellationToken)).FirstOrDefault();

    /// <summary>
    /// Runs groups of statements in one transaction and reads, for each group, the first row of its last statement (the
    /// only statement of a group that returns rows), as one batch: one round trip in one implicit transaction. Either
    /// every group is committed or none; the rows are returned only after the commit. The embedded store, which has no
    /// batches, runs its groups through <see cref="PreparedWriter"/>.
    /// </summary>
    public static async Task<IReadOnlyList<T>> ExecuteGroupsAsync<T>(
        this DbConnection connection,
        IReadOnlyList<IReadOnlyList<SqlStatement>> groups,
        Func<DbDataReader, T> readLast,
        CancellationToken cancellationToken)
    {
        var results = new List<T>(groups.Count);
        await using var batch = connection.CreateBatch();
        foreach (var statement in groups.SelectMany(g => g))
        {
            var command = batch.CreateBatchCommand();
#pragma warning disable CA2100 // Constant SQL fragments; values travel as parameters.
            command.CommandText = statement.Sql;
#pragma warning restore CA2100
            foreach (var (name, value) in statement.Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            foreach (var _ in groups)
            {
                while (!reader.HasRows)
                {
                    if (!await reader.NextResultAsync(cancellationToken))
                    {
                        throw new InvalidOperationException("The batch returned fewer rows than it has groups.");
                    }
                }

                results.Add(await reader.ReadAsync(cancellationToken) ? readLast(reader) : throw new InvalidOperationException("The batch returned no row."));
                await reader.NextResultAsync(cancellationToken);
            }

            // The implicit transaction commits when the server reaches the batch's end; an error there (or in a
            // statement after the last row read) surfaces here, before anyone is told the rows are durable.
            while (await reader.NextResultAsync(cancellationToken))
            {
            }
        }

        return results;
    }

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A time stored as Unix milliseconds, the schema's form for every instant.</summary>
    public static DateTimeOffset GetUnixTime(this DbDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetNullableUnixTime(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetUnixTime(ordinal);
}
