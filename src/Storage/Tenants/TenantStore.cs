using System.Data.Common;
using TlsRptPlatform.Storage.ApiKeys;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Tenants;

public sealed class TenantStore(PlatformDatabase database, TimeProvider time)
{
    /// <summary>Creates a tenant and its first API key (admin scope); the key is returned here and never again.</summary>
    public async Task<(TenantRecord Tenant, string ApiKey)> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        var tenant = new TenantRecord(RandomIds.New("t_"), name, time.GetUtcNow());
        var apiKey = ApiKeys.Generate();
        var firstKey = new ApiKeyRecord(RandomIds.New("key_"), tenant.Id, ApiKeyStore.InitialKeyName, ApiScope.Admin, tenant.CreatedAt, null, null, null);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.Command("INSERT INTO tenants (id, name, created_at) VALUES (@id, @name, @at)", transaction)
            .With("id", tenant.Id).With("name", tenant.Name).With("at", tenant.CreatedAt.ToUnixTimeMilliseconds())
            .NonQueryAsync(cancellationToken);
        await ApiKeyStore.InsertAsync(connection, transaction, firstKey, apiKey, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (tenant, apiKey);
    }

    /// <summary>Creates a tenant owned by a person (self-service sign-up): no API key, the person its owner.</summary>
    public async Task<TenantRecord> CreateOwnedAsync(string name, string ownerUserId, CancellationToken cancellationToken = default)
    {
        var tenant = new TenantRecord(RandomIds.New("t_"), name, time.GetUtcNow());
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.Command("INSERT INTO tenants (id, name, created_at) VALUES (@id, @name, @at)", transaction)
            .With("id", tenant.Id).With("name", tenant.Name).With("at", tenant.CreatedAt.ToUnixTimeMilliseconds())
            .NonQueryAsync(cancellationToken);
        await Accounts.MembershipStore.InsertAsync(connection, transaction, tenant.Id, ownerUserId, Accounts.TenantRole.Owner, tenant.CreatedAt, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return tenant;
    }

    /// <summary>
    /// Deletes a tenant that has no domains left (the caller deletes those first, through their grains) with everything
    /// that belongs to it — keys, sessions, members, invitations, alert channels, rules and alerts, imports, the audit
    /// log — in one transaction. False when it does not exist or still has a domain (one registered meanwhile).
    /// </summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var lockTenant = database.Dialect == SqlDialect.PostgreSql ? " FOR UPDATE" : string.Empty;
        var exists = await connection.Command($"SELECT id FROM tenants WHERE id = @id{lockTenant}", transaction).With("id", id).ScalarAsync(cancellationToken) is not null;
        var domains = Convert.ToInt64(await connection.Command("SELECT count(*) FROM domains WHERE tenant_id = @id", transaction).With("id", id).ScalarAsync(cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        if (!exists || domains > 0)
        {
            return false;
        }

        string[] statements =
        [
            "DELETE FROM alert_deliveries WHERE alert_id IN (SELECT id FROM alerts WHERE tenant_id = @id)",
            "DELETE FROM alerts WHERE tenant_id = @id",
            "DELETE FROM alert_rules WHERE tenant_id = @id",
            "DELETE FROM alert_channels WHERE tenant_id = @id",
            "DELETE FROM imports WHERE tenant_id = @id",
            "DELETE FROM digest_sends WHERE tenant_id = @id",
            "DELETE FROM audit_events WHERE tenant_id = @id",
            "DELETE FROM sessions WHERE tenant_id = @id",
            "DELETE FROM api_keys WHERE tenant_id = @id",
            "DELETE FROM invitations WHERE tenant_id = @id",
            "DELETE FROM memberships WHERE tenant_id = @id",
            "UPDATE user_sessions SET tenant_id = NULL WHERE tenant_id = @id",
            "DELETE FROM tenants WHERE id = @id",
        ];
        foreach (var statement in statements)
        {
            await connection.Command(statement, transaction).With("id", id).NonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Whether the tenant's members must have a second factor.</summary>
    public async Task<bool> RequiresSecondFactorAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("SELECT second_factor_required_at FROM tenants WHERE id = @id").With("id", id).ScalarAsync(cancellationToken) is not null;
    }

    public async Task SetRequiresSecondFactorAsync(string id, bool required, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("UPDATE tenants SET second_factor_required_at = CASE WHEN @on = 1 THEN COALESCE(second_factor_required_at, @now) END WHERE id = @id")
            .With("on", required ? 1 : 0).With("now", time.GetUtcNow().ToUnixTimeMilliseconds()).With("id", id).NonQueryAsync(cancellationToken);
    }

    private const string Columns = "id, name, created_at, suspended_at, max_domains";

    public async Task<TenantRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {Columns} FROM tenants WHERE id = @id")
            .With("id", id)
            .FirstOrDefaultAsync(Read, cancellationToken);
    }

    /// <summary>Every tenant, oldest first: the operator console's list.</summary>
    public async Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {Columns} FROM tenants ORDER BY created_at, id").ListAsync(Read, cancellationToken);
    }

    /// <summary>
    /// Suspends the tenant (<paramref name="suspendedAt"/>) or resumes it (null); false when there is no such tenant.
    /// Suspending also ends the tenant's dashboard sessions, in the same transaction: sessions are read from the store on
    /// every request, so they end on every process at once, and resuming does not bring them back.
    /// </summary>
    public async Task<bool> SetSuspendedAsync(string id, DateTimeOffset? suspendedAt, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Suspending twice keeps the first time; resuming an active tenant changes nothing.
        var update = suspendedAt is null
            ? connection.Command("UPDATE tenants SET suspended_at = NULL WHERE id = @id", transaction)
            : connection.Command("UPDATE tenants SET suspended_at = COALESCE(suspended_at, @at) WHERE id = @id", transaction)
                .With("at", suspendedAt.Value.ToUnixTimeMilliseconds());
        var found = await update.With("id", id).NonQueryAsync(cancellationToken) > 0;
        if (found && suspendedAt is not null)
        {
            await connection.Command("DELETE FROM sessions WHERE tenant_id = @id", transaction).With("id", id).NonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    /// <summary>Sets the tenant's own domain quota, or null for the configured default; false when there is no such tenant.</summary>
    public async Task<bool> SetMaxDomainsAsync(string id, int? maxDomains, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("UPDATE tenants SET max_domains = @max WHERE id = @id")
            .With("max", maxDomains).With("id", id)
            .NonQueryAsync(cancellationToken) > 0;
    }

    private static TenantRecord Read(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
            r.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)),
            r.IsDBNull(4) ? null : r.GetInt32(4));
}
