using System.Data.Common;
using System.Security.Cryptography;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Alerts;

/// <summary>
/// Alert channels, rules, fired alerts and their delivery outbox. Every tenant-facing read and delete is scoped by
/// tenant id in the SQL itself, so one tenant can never reach another's rows by guessing an id.
/// </summary>
public sealed class AlertStore(PlatformDatabase database)
{
    private const string AlertColumns = "a.id, a.tenant_id, a.rule_id, a.domain, a.kind, a.occurred_at, a.summary, a.details";
    private const string RuleColumns = "id, tenant_id, domain, kind, threshold_percent, min_sessions, channels, cooldown_minutes, created_at, last_fired_at, days_before";

    public async Task AddChannelAsync(AlertChannelRecord channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("INSERT INTO alert_channels (id, tenant_id, kind, target, created_at) VALUES (@id, @t, @k, @target, @at)")
            .With("id", channel.Id).With("t", channel.TenantId).With("k", channel.Kind).With("target", channel.Target)
            .With("at", channel.CreatedAt.ToUnixTimeMilliseconds())
            .NonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AlertChannelRecord>> ListChannelsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("SELECT id, tenant_id, kind, target, created_at FROM alert_channels WHERE tenant_id = @t ORDER BY created_at, id")
            .With("t", tenantId).ListAsync(ReadChannel, cancellationToken);
    }

    public async Task<AlertChannelRecord?> FindChannelAsync(string tenantId, string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("SELECT id, tenant_id, kind, target, created_at FROM alert_channels WHERE tenant_id = @t AND id = @id")
            .With("t", tenantId).With("id", id).FirstOrDefaultAsync(ReadChannel, cancellationToken);
    }

    public async Task<bool> DeleteChannelAsync(string tenantId, string id, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("DELETE FROM alert_channels WHERE tenant_id = @t AND id = @id")
            .With("t", tenantId).With("id", id).NonQueryAsync(cancellationToken) == 1;
    }

    public async Task AddRuleAsync(AlertRuleRecord rule, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command(
                """
                INSERT INTO alert_rules (id, tenant_id, domain, kind, threshold_percent, min_sessions, channels, cooldown_minutes, created_at, days_before)
                VALUES (@id, @t, @d, @k, @threshold, @min, @channels, @cooldown, @at, @days)
                """)
            .With("id", rule.Id).With("t", rule.TenantId).With("d", rule.Domain).With("k", rule.Kind)
            .With("threshold", rule.ThresholdPercent).With("min", rule.MinSessions).With("channels", string.Join(',', rule.Channels))
            .With("cooldown", rule.CooldownMinutes).With("at", rule.CreatedAt.ToUnixTimeMilliseconds()).With("days", rule.DaysBefore)
            .NonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AlertRuleRecord>> ListRulesAsync(string tenantId, string domain, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {RuleColumns} FROM alert_rules WHERE tenant_id = @t AND domain = @d ORDER BY created_at, id")
            .With("t", tenantId).With("d", domain).ListAsync(ReadRule, cancellationToken);
    }

    /// <summary>The rules of a domain, for its grain to evaluate; the grain checks they belong to the domain's holder.</summary>
    public async Task<IReadOnlyList<AlertRuleRecord>> RulesForDomainAsync(string domain, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {RuleColumns} FROM alert_rules WHERE domain = @d")
            .With("d", domain).ListAsync(ReadRule, cancellationToken);
    }

    public async Task<bool> DeleteRuleAsync(string tenantId, string domain, string id, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("DELETE FROM alert_rules WHERE tenant_id = @t AND domain = @d AND id = @id")
            .With("t", tenantId).With("d", domain).With("id", id).NonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Takes up to <paramref name="limit"/> reporter-silent rules whose evaluation is due and moves their next evaluation
    /// to <paramref name="next"/>; concurrent silos never take the same rule (the due condition is re-checked).
    /// </summary>
    public async Task<IReadOnlyList<AlertRuleRecord>> ClaimDueEvaluationsAsync(DateTimeOffset now, DateTimeOffset next, int limit, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                $"""
                UPDATE alert_rules SET next_evaluation_at = @next
                WHERE id IN (SELECT id FROM alert_rules WHERE kind = 'reporter-silent' AND next_evaluation_at <= @now ORDER BY next_evaluation_at LIMIT @limit)
                  AND next_evaluation_at <= @now
                RETURNING {RuleColumns}
                """)
            .With("now", now.ToUnixTimeMilliseconds()).With("next", next.ToUnixTimeMilliseconds()).With("limit", limit)
            .ListAsync(ReadRule, cancellationToken);
    }

    /// <summary>
    /// Records an alert and queues its deliveries in one transaction, unless its rule fired within its cooldown or
    /// already fired for the same dedup key. Returns the new alert's id, or null when it did not fire.
    /// </summary>
    public async Task<string?> FireAsync(NewAlert alert, DateTimeOffset giveUpAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var id = RandomIds.New("al_");
        var at = alert.OccurredAt.ToUnixTimeMilliseconds();
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (alert.RuleId is not null)
        {
            var cooled = await connection.Command(
                    """
                    UPDATE alert_rules SET last_fired_at = @at
                    WHERE id = @r AND (last_fired_at IS NULL OR last_fired_at + CAST(cooldown_minutes AS bigint) * 60000 <= @at)
                    """, transaction)
                .With("r", alert.RuleId).With("at", at).NonQueryAsync(cancellationToken);
            if (cooled == 0)
            {
                return null;
            }
        }

        if (!await InsertAlertAsync(connection, transaction, id, alert, giveUpAt, cancellationToken))
        {
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// Queues a test alert unless the tenant already has <paramref name="maxQueued"/> test alerts waiting for delivery.
    /// Returns the new alert's id, or null when the tenant is at its cap (nothing was queued).
    /// </summary>
    public async Task<string?> QueueTestAlertAsync(NewAlert alert, DateTimeOffset giveUpAt, int maxQueued, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var id = RandomIds.New("al_");
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Dialect == SqlDialect.PostgreSql)
        {
            // Concurrent requests of one tenant count one after the other, so a burst cannot slip past the cap
            // (SQLite writers are already one at a time).
            await connection.Command("SELECT id FROM tenants WHERE id = @t FOR UPDATE", transaction)
                .With("t", alert.TenantId).ScalarAsync(cancellationToken);
        }

        var queued = Convert.ToInt64(
            await connection.Command(
                    """
                    SELECT COUNT(*) FROM alerts a
                    WHERE a.tenant_id = @t AND a.kind = @k
                      AND EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.status = 'pending')
                    """, transaction)
                .With("t", alert.TenantId).With("k", alert.Kind).ScalarAsync(cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        if (queued >= maxQueued || !await InsertAlertAsync(connection, transaction, id, alert, giveUpAt, cancellationToken))
        {
            return null;
        }

        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Newest first, with each alert's deliveries; within <paramref name="window"/> (start inclusive, end exclusive) when given.</summary>
    public async Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(
        string tenantId, int limit, (DateTimeOffset Start, DateTimeOffset End)? window = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var alerts = await connection.Command(
                $"SELECT {AlertColumns} FROM alerts a WHERE a.tenant_id = @t AND a.occurred_at >= @start AND a.occurred_at < @end ORDER BY a.occurred_at DESC, a.id LIMIT @l")
            .With("t", tenantId).With("l", limit)
            .With("start", window?.Start.ToUnixTimeMilliseconds() ?? long.MinValue)
            .With("end", window?.End.ToUnixTimeMilliseconds() ?? long.MaxValue)
            .ListAsync(r => ReadAlert(r, []), cancellationToken);
        if (alerts.Count == 0)
        {
            return alerts;
        }

        var deliveries = await connection.Command(
                """
                SELECT d.alert_id, d.channel_id, d.status, d.attempts, d.next_attempt_at, d.last_error, d.delivered_at
                FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
                WHERE a.tenant_id = @t AND a.occurred_at >= @oldest
                ORDER BY d.channel_id
                """)
            .With("t", tenantId).With("oldest", alerts[^1].OccurredAt.ToUnixTimeMilliseconds())
            .ListAsync(r => (AlertId: r.GetString(0), Delivery: ReadDelivery(r, 1)), cancellationToken);
        var byAlert = deliveries.ToLookup(d => d.AlertId, d => d.Delivery, StringComparer.Ordinal);
        return alerts.Select(a => a with { Deliveries = byAlert[a.Id].ToList() }).ToList();
    }

    /// <summary>
    /// Due deliveries in turns across tenants: every tenant's oldest first, then every tenant's second oldest, … up to
    /// <paramref name="perTenant"/> of each tenant and <paramref name="limit"/> in all. Nothing is claimed yet.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryCandidate>> DueInTurnsAsync(DateTimeOffset now, int perTenant, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                """
                SELECT alert_id, channel_id, tenant_id FROM (
                    SELECT d.alert_id, d.channel_id, a.tenant_id, d.next_attempt_at,
                           ROW_NUMBER() OVER (PARTITION BY a.tenant_id ORDER BY d.next_attempt_at, d.alert_id, d.channel_id) AS turn
                    FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id
                    WHERE d.status = 'pending' AND d.next_attempt_at <= @now) due
                WHERE turn <= @perTenant
                ORDER BY turn, next_attempt_at, alert_id, channel_id
                LIMIT @limit
                """)
            .With("now", now.ToUnixTimeMilliseconds()).With("perTenant", perTenant).With("limit", limit)
            .ListAsync(r => new DeliveryCandidate(r.GetString(0), r.GetString(1), r.GetString(2)), cancellationToken);
    }

    /// <summary>
    /// Claims the given deliveries that are still due: counts the attempt and moves their next attempt to
    /// <paramref name="leaseUntil"/>, so that a silo that dies mid-delivery leaves them to be retried. A delivery another
    /// silo claimed in the meantime is left out (the due condition is checked again).
    /// </summary>
    public async Task<IReadOnlyList<DueDelivery>> ClaimAsync(IReadOnlyList<DeliveryCandidate> candidates, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var due = new List<DueDelivery>(candidates.Count);
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var candidate in candidates)
        {
            List<(int Attempt, long GiveUpAt)> claimed;
            using (await database.EnterWriteAsync(cancellationToken))
            {
                claimed = await connection.Command(
                        """
                        UPDATE alert_deliveries SET next_attempt_at = @lease, attempts = attempts + 1
                        WHERE alert_id = @a AND channel_id = @c AND status = 'pending' AND next_attempt_at <= @now
                        RETURNING attempts, give_up_at
                        """)
                    .With("a", candidate.AlertId).With("c", candidate.ChannelId)
                    .With("now", now.ToUnixTimeMilliseconds()).With("lease", leaseUntil.ToUnixTimeMilliseconds())
                    .ListAsync(r => (r.GetInt32(0), r.GetInt64(1)), cancellationToken);
            }

            if (claimed.Count == 0)
            {
                continue;
            }

            var (attempt, giveUpAt) = claimed[0];
            var alert = await connection.Command($"SELECT {AlertColumns} FROM alerts a WHERE a.id = @id")
                .With("id", candidate.AlertId).FirstOrDefaultAsync(r => ReadAlert(r, []), cancellationToken);
            if (alert is null)
            {
                continue;
            }

            var channel = await connection.Command("SELECT id, tenant_id, kind, target, created_at FROM alert_channels WHERE id = @id AND tenant_id = @t")
                .With("id", candidate.ChannelId).With("t", alert.TenantId).FirstOrDefaultAsync(ReadChannel, cancellationToken);
            due.Add(new DueDelivery(alert, candidate.ChannelId, channel, attempt, DateTimeOffset.FromUnixTimeMilliseconds(giveUpAt)));
        }

        return due;
    }

    /// <summary>Marks a delivery done; the last failed attempt's error stays visible (delivered on the third try, after …).</summary>
    public Task MarkDeliveredAsync(string alertId, string channelId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        UpdateDeliveryAsync(
            "UPDATE alert_deliveries SET status = 'delivered', delivered_at = @at WHERE alert_id = @a AND channel_id = @c",
            alertId, channelId, c => c.With("at", at.ToUnixTimeMilliseconds()), cancellationToken);

    /// <summary>Records a failed attempt: retried at <paramref name="retryAt"/>, or given up for good when that is null.</summary>
    public Task MarkAttemptFailedAsync(string alertId, string channelId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default) =>
        UpdateDeliveryAsync(
            retryAt is null
                ? "UPDATE alert_deliveries SET status = 'failed', last_error = @e WHERE alert_id = @a AND channel_id = @c"
                : "UPDATE alert_deliveries SET next_attempt_at = @at, last_error = @e WHERE alert_id = @a AND channel_id = @c",
            alertId, channelId, c => c.With("e", error).With("at", retryAt?.ToUnixTimeMilliseconds() ?? 0), cancellationToken);

    /// <summary>When each report of a domain received since <paramref name="since"/> arrived, by sending organization.</summary>
    public async Task<IReadOnlyList<(string Organization, DateTimeOffset ReceivedAt)>> ReporterActivityAsync(string domain, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("SELECT organization, received_at FROM reports WHERE domain = @d AND received_at >= @since")
            .With("d", domain).With("since", since.ToUnixTimeMilliseconds())
            .ListAsync(r => (r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1))), cancellationToken);
    }

    /// <summary>A key the platform made for itself: the stored one, or <paramref name="create"/>'s when there is none yet.</summary>
    public async Task<string> GetOrCreateKeyAsync(string name, Func<string> create, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(create);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("INSERT INTO platform_keys (name, value) VALUES (@n, @v) ON CONFLICT (name) DO NOTHING")
            .With("n", name).With("v", create()).NonQueryAsync(cancellationToken);
        return (string)(await connection.Command("SELECT value FROM platform_keys WHERE name = @n").With("n", name).ScalarAsync(cancellationToken))!;
    }

    private static async Task<bool> InsertAlertAsync(DbConnection connection, DbTransaction transaction, string id, NewAlert alert, DateTimeOffset giveUpAt, CancellationToken cancellationToken)
    {
        var at = alert.OccurredAt.ToUnixTimeMilliseconds();
        var inserted = await connection.Command(
                """
                INSERT INTO alerts (id, tenant_id, rule_id, domain, kind, occurred_at, summary, details, dedup_key)
                VALUES (@id, @t, @r, @d, @k, @at, @s, @details, @key)
                ON CONFLICT (rule_id, dedup_key) DO NOTHING
                """, transaction)
            .With("id", id).With("t", alert.TenantId).With("r", alert.RuleId).With("d", alert.Domain).With("k", alert.Kind)
            .With("at", at).With("s", alert.Summary).With("details", alert.Details).With("key", alert.DedupKey)
            .NonQueryAsync(cancellationToken);
        if (inserted == 0)
        {
            return false;
        }

        foreach (var channel in alert.Channels.Distinct(StringComparer.Ordinal))
        {
            // Only the tenant's own channels: a rule naming a deleted or foreign channel queues nothing for it.
            await connection.Command(
                    """
                    INSERT INTO alert_deliveries (alert_id, channel_id, status, attempts, next_attempt_at, give_up_at)
                    SELECT @a, id, 'pending', 0, @at, @giveUp FROM alert_channels WHERE id = @c AND tenant_id = @t
                    """, transaction)
                .With("a", id).With("c", channel).With("t", alert.TenantId).With("at", at).With("giveUp", giveUpAt.ToUnixTimeMilliseconds())
                .NonQueryAsync(cancellationToken);
        }

        return true;
    }

    private async Task UpdateDeliveryAsync(string sql, string alertId, string channelId, Func<DbCommand, DbCommand> with, CancellationToken cancellationToken)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await with(connection.Command(sql).With("a", alertId).With("c", channelId)).NonQueryAsync(cancellationToken);
    }

    private static AlertChannelRecord ReadChannel(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)));

    private static AlertRuleRecord ReadRule(DbDataReader r) =>
        new(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
            r.IsDBNull(4) ? null : r.GetDouble(4),
            r.IsDBNull(5) ? null : r.GetInt64(5),
            r.GetString(6).Split(',', StringSplitOptions.RemoveEmptyEntries),
            r.GetInt32(7),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)),
            r.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
            r.IsDBNull(10) ? null : r.GetInt32(10));

    private static AlertRecord ReadAlert(DbDataReader r, IReadOnlyList<AlertDeliveryRecord> deliveries) =>
        new(
            r.GetString(0), r.GetString(1), r.GetNullableString(2), r.GetNullableString(3), r.GetString(4),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)), r.GetString(6), r.GetString(7), deliveries);

    private static AlertDeliveryRecord ReadDelivery(DbDataReader r, int first) =>
        new(
            r.GetString(first), r.GetString(first + 1), r.GetInt32(first + 2),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(first + 3)), r.GetNullableString(first + 4),
            r.IsDBNull(first + 5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(first + 5)));
}
