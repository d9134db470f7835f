using System.Security.Cryptography;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Tenants;

public sealed class TenantStore(PlatformDatabase database, TimeProvider time)
{
    /// <summary>Creates a tenant and its first API key; the key is returned here and never again.</summary>
    public async Task<(TenantRecord Tenant, string ApiKey)> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        var tenant = new TenantRecord(RandomIds.New("t_"), name, time.GetUtcNow());
        var apiKey = ApiKeys.Generate();
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.Command("INSERT INTO tenants (id, name, created_at) VALUES (@id, @name, @at)", transaction)
            .With("id", tenant.Id).With("name", tenant.Name).With("at", tenant.CreatedAt.ToUnixTimeMilliseconds())
            .NonQueryAsync(cancellationToken);
        await connection.Command("INSERT INTO api_keys (key_hash, tenant_id, created_at) VALUES (@hash, @id, @at)", transaction)
            .With("hash", ApiKeys.Hash(apiKey)).With("id", tenant.Id).With("at", tenant.CreatedAt.ToUnixTimeMilliseconds())
            .NonQueryAsync(cancellationToken);
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

    public async Task<TenantRecord?> FindByApiKeyAsync(string apiKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                "SELECT t.id, t.name, t.created_at FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = @hash")
            .With("hash", ApiKeys.Hash(apiKey))
            .FirstOrDefaultAsync(r => new TenantRecord(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))), cancellationToken);
    }
}
