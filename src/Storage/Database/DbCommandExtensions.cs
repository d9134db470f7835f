using System.Data.Common;

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
        parameter.ParameterName = name;
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
    /// Runs statements atomically and reads the first row of the last one. Where the provider batches (Npgsql),
    /// that is one round trip in one implicit transaction; elsewhere (SQLite, in-process) an explicit transaction.
    /// </summary>
    public static async Task<T> ExecuteBatchAsync<T>(
        this DbConnection connection,
        IReadOnlyList<(string Sql, IEnumerable<(string Name, object? Value)> Parameters)> statements,
        Func<DbDataReader, T> readLast,
        CancellationToken cancellationToken)
    {
        if (connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            foreach (var (sql, parameters) in statements)
            {
                var command = batch.CreateBatchCommand();
#pragma warning disable CA2100 // Constant SQL fragments; values travel as parameters.
                command.CommandText = sql;
#pragma warning restore CA2100
                foreach (var (name, value) in parameters)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (!reader.HasRows && await reader.NextResultAsync(cancellationToken))
            {
            }

            return await reader.ReadAsync(cancellationToken) ? readLast(reader) : throw new InvalidOperationException("The batch returned no row.");
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < statements.Count - 1; i++)
        {
            var command = connection.Command(statements[i].Sql, transaction);
            foreach (var (name, value) in statements[i].Parameters)
            {
                command.With(name, value);
            }

            await command.NonQueryAsync(cancellationToken);
        }

        var last = connection.Command(statements[^1].Sql, transaction);
        foreach (var (name, value) in statements[^1].Parameters)
        {
            last.With(name, value);
        }

        var result = (await last.ListAsync(readLast, cancellationToken)).Single();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
