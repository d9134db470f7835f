using System.Data.Common;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.MtaSts;

/// <summary>
/// Hosted MTA-STS policies. The domain's MTA-STS grain is the only writer; every process that serves policies reads
/// them (through its cache), so the policy host needs nothing but this table.
/// </summary>
public sealed class HostedPolicyStore(PlatformDatabase database)
{
    private const string Columns = "domain, mode, mx, max_age, policy_id, mode_since, created_at, updated_at";

    public async Task<HostedPolicyRecord?> FindAsync(string domain, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {Columns} FROM hosted_policies WHERE domain = @d")
            .With("d", domain).FirstOrDefaultAsync(Read, cancellationToken);
    }

    /// <summary>Creates or replaces the domain's policy; the domain row must exist (a deleted domain serves nothing).</summary>
    public async Task SaveAsync(HostedPolicyRecord policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command(
                $"""
                INSERT INTO hosted_policies ({Columns})
                SELECT @d, @mode, @mx, @age, @id, @since, @created, @updated WHERE EXISTS (SELECT 1 FROM domains WHERE name = @d)
                ON CONFLICT (domain) DO UPDATE SET
                    mode = excluded.mode, mx = excluded.mx, max_age = excluded.max_age, policy_id = excluded.policy_id,
                    mode_since = excluded.mode_since, updated_at = excluded.updated_at
                """)
            .With("d", policy.Domain).With("mode", policy.Mode).With("mx", string.Join('\n', policy.Mx)).With("age", policy.MaxAge)
            .With("id", policy.PolicyId).With("since", policy.ModeSince.ToUnixTimeMilliseconds())
            .With("created", policy.CreatedAt.ToUnixTimeMilliseconds()).With("updated", policy.UpdatedAt.ToUnixTimeMilliseconds())
            .NonQueryAsync(cancellationToken);
    }

    public async Task<bool> DeleteAsync(string domain, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("DELETE FROM hosted_policies WHERE domain = @d").With("d", domain).NonQueryAsync(cancellationToken) == 1;
    }

    private static HostedPolicyRecord Read(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2).Split('\n', StringSplitOptions.RemoveEmptyEntries), r.GetInt64(3), r.GetString(4),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)));
}
