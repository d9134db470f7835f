using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Policies;

/// <summary>The history of a domain's policy changes; the domain's grain is the only writer.</summary>
public sealed class PolicyHistoryStore(PlatformDatabase database)
{
    public async Task AddAsync(string domain, IReadOnlyList<PolicyChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var change in changes)
        {
            await connection.Command("INSERT INTO policy_history (domain, changed_at, what, old_value, new_value) VALUES (@d, @at, @w, @o, @n)", transaction)
                .With("d", domain).With("at", change.At.ToUnixTimeMilliseconds()).With("w", change.What)
                .With("o", change.OldValue).With("n", change.NewValue)
                .NonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<PolicyChange>> ListAsync(string domain, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("SELECT changed_at, what, old_value, new_value FROM policy_history WHERE domain = @d ORDER BY id DESC LIMIT @l")
            .With("d", domain).With("l", limit)
            .ListAsync(r => new PolicyChange(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetString(1), r.GetNullableString(2), r.GetNullableString(3)), cancellationToken);
    }
}
