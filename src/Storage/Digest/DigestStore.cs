using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Digest;

/// <summary>
/// The weekly digest's opt-in per tenant, and queuing a digest into the alert outbox (an alert of kind
/// <see cref="Kind"/> with one delivery per e-mail channel) at most once per channel and week.
/// </summary>
public sealed class DigestStore(PlatformDatabase database)
{
    public const string Kind = "digest";

    /// <summary>Null when the tenant does not exist.</summary>
    public async Task<bool?> IsEnabledAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.Command("SELECT digest_enabled FROM tenants WHERE id = @t")
            .With("t", tenantId).ListAsync(r => r.GetBoolean(0), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task SetEnabledAsync(string tenantId, bool enabled, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("UPDATE tenants SET digest_enabled = @on WHERE id = @t")
            .With("on", enabled).With("t", tenantId).NonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Opted-in tenants with at least one e-mail channel that has not been queued the digest of <paramref name="week"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> TenantsDueAsync(string week, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                """
                SELECT DISTINCT t.id FROM tenants t JOIN alert_channels c ON c.tenant_id = t.id AND c.kind = 'email'
                WHERE t.digest_enabled = @on
                  AND NOT EXISTS (SELECT 1 FROM digest_sends s WHERE s.tenant_id = t.id AND s.channel_id = c.id AND s.week = @w)
                ORDER BY t.id
                """)
            .With("on", true).With("w", week).ListAsync(r => r.GetString(0), cancellationToken);
    }

    /// <summary>
    /// Queues the digest to each of the tenant's e-mail channels that has not had this week's yet, in one transaction
    /// with the <c>digest_sends</c> rows, so a concurrent run on another silo (or a rerun after a restart) queues
    /// nothing twice. Returns how many channels it was queued for; zero leaves no alert behind.
    /// </summary>
    public async Task<int> QueueAsync(QueuedDigest digest, DateTimeOffset giveUpAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var id = RandomIds.New("al_");
        var at = digest.QueuedAt.ToUnixTimeMilliseconds();
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.Command(
                """
                INSERT INTO alerts (id, tenant_id, rule_id, domain, kind, occurred_at, summary, details, dedup_key)
                VALUES (@id, @t, NULL, NULL, @k, @at, @s, @details, @w)
                """, transaction)
            .With("id", id).With("t", digest.TenantId).With("k", Kind).With("at", at).With("s", digest.Summary)
            .With("details", digest.Details).With("w", digest.Week)
            .NonQueryAsync(cancellationToken);
        var channels = await connection.Command(
                """
                INSERT INTO digest_sends (tenant_id, channel_id, week, alert_id, queued_at)
                SELECT @t, id, @w, @id, @at FROM alert_channels WHERE tenant_id = @t AND kind = 'email'
                ON CONFLICT (tenant_id, channel_id, week) DO NOTHING
                RETURNING channel_id
                """, transaction)
            .With("t", digest.TenantId).With("w", digest.Week).With("id", id).With("at", at)
            .ListAsync(r => r.GetString(0), cancellationToken);
        if (channels.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return 0;
        }

        foreach (var channel in channels)
        {
            await connection.Command(
                    """
                    INSERT INTO alert_deliveries (alert_id, channel_id, status, attempts, next_attempt_at, give_up_at)
                    VALUES (@a, @c, 'pending', 0, @at, @giveUp)
                    """, transaction)
                .With("a", id).With("c", channel).With("at", at).With("giveUp", giveUpAt.ToUnixTimeMilliseconds())
                .NonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return channels.Count;
    }

    /// <summary>How many channels of the tenant were queued the digest of <paramref name="week"/>.</summary>
    public async Task<long> QueuedCountAsync(string tenantId, string week, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return Convert.ToInt64(
            await connection.Command("SELECT COUNT(*) FROM digest_sends WHERE tenant_id = @t AND week = @w")
                .With("t", tenantId).With("w", week).ScalarAsync(cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
    }
}
