using System.Data.Common;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Audit;

/// <summary>The audit log, per tenant. Rows are only added and pruned, never changed.</summary>
public sealed class AuditStore(PlatformDatabase database)
{
    private const string Columns = "id, tenant_id, at, actor_kind, key_id, key_name, address, action, target, status";

    public async Task AddAsync(AuditEvent entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        // A tenant deleted meanwhile (its owner's DELETE /v1/tenant is recorded after the fact) keeps no log.
        await connection.Command(
                $"INSERT INTO audit_events ({Columns}) SELECT @id, @t, @at, @kind, @kid, @kname, @addr, @action, @target, @status WHERE EXISTS (SELECT 1 FROM tenants WHERE id = @t)")
            .With("id", entry.Id).With("t", entry.TenantId).With("at", entry.At.ToUnixTimeMilliseconds()).With("kind", entry.ActorKind)
            .With("kid", entry.KeyId).With("kname", entry.KeyName).With("addr", entry.Address).With("action", entry.Action)
            .With("target", entry.Target).With("status", entry.Status)
            .NonQueryAsync(cancellationToken);
    }

    /// <summary>The tenant's events in [<paramref name="from"/>, <paramref name="to"/>), newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<AuditEvent>> ListAsync(string tenantId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {Columns} FROM audit_events WHERE tenant_id = @t AND at >= @from AND at < @to ORDER BY at DESC, id LIMIT @limit")
            .With("t", tenantId).With("from", from.ToUnixTimeMilliseconds()).With("to", to.ToUnixTimeMilliseconds()).With("limit", limit)
            .ListAsync(Read, cancellationToken);
    }

    /// <summary>Deletes events older than <paramref name="before"/>; returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("DELETE FROM audit_events WHERE at < @before").With("before", before.ToUnixTimeMilliseconds()).NonQueryAsync(cancellationToken);
    }

    private static AuditEvent Read(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6),
            r.GetString(7), r.GetString(8), r.GetInt32(9));
}
