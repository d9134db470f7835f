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
