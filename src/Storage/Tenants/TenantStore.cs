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

    public async Task<TenantRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("SELECT id, name, created_at FROM tenants WHERE id = @id")
            .With("id", id)
            .FirstOrDefaultAsync(r => new TenantRecord(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))), cancellationToken);
    }
}
