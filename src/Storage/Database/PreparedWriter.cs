using System.Data.Common;

namespace TlsRptPlatform.Storage.Database;

/// <summary>
/// The embedded store's archive writer: one connection kept open, and a command kept for each statement text it ran,
/// so SQLite compiles the same few statements once instead of for every report. A fresh command for every statement
/// spent a fifth of the embedded store's ingestion CPU in <c>sqlite3_prepare</c>.
/// </summary>
/// <remarks>
/// Used by one writer at a time (the group-commit loop, which SQLite's single writer allows only one of). Texts that
/// vary with a report's size make the set grow; past <see cref="MaxCommands"/> it starts over. Any error closes the
/// connection and forgets the commands: the next transaction starts from a new connection.
/// </remarks>
internal sealed class PreparedWriter(PlatformDatabase database) : IAsyncDisposable
{
    private const int MaxCommands = 64;
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private DbConnection? _connection;

    /// <summary>As <see cref="DbCommandExtensions.ExecuteGroupsAsync"/> without a batch: one explicit transaction.</summary>
    public async Task<IReadOnlyList<T>> ExecuteGroupsAsync<T>(IReadOnlyList<IReadOnlyList<SqlStatement>> groups, Func<DbDataReader, T> readLast)
    {
        _connection ??= await database.OpenAsync();
        try
        {
            var results = new List<T>(groups.Count);
            await using var transaction = await _connection.BeginTransactionAsync();
            foreach (var group in groups)
            {
                for (var i = 0; i < group.Count - 1; i++)
                {
                    await Command(group[i], transaction).ExecuteNonQueryAsync();
                }

                await using var reader = await Command(group[^1], transaction).ExecuteReaderAsync();
                results.Add(await reader.ReadAsync() ? readLast(reader) : throw new InvalidOperationException("The group's last statement returned no row."));
            }

            await transaction.CommitAsync();
            return results;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ForgetCommandsAsync();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    private DbCommand Command(SqlStatement statement, DbTransaction transaction)
    {
        if (!_commands.TryGetValue(statement.Sql, out var command))
        {
            if (_commands.Count >= MaxCommands)
            {
                foreach (var stale in _commands.Values)
                {
                    stale.Dispose();
                }

                _commands.Clear();
            }

            command = _connection!.Command(statement.Sql);
            _commands.Add(statement.Sql, command);
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in statement.Parameters)
        {
            command.With(name, value);
        }

        return command;
    }

    private async Task ForgetCommandsAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        _commands.Clear();
    }
}
