using System.Data.Common;
using TlsRptPlatform.Storage.Database;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Storage.ApiKeys;

/// <summary>
/// A tenant's named API keys. Only the SHA-256 of a key is stored (<see cref="ApiKeys.Hash"/>); every query that takes an
/// id also takes the tenant, so one tenant can never list, use or revoke another's key.
/// </summary>
public sealed class ApiKeyStore(PlatformDatabase database, TimeProvider time)
{
    private const string Columns = "id, tenant_id, name, scope, created_at, expires_at, last_used_at, revoked_at";

    /// <summary>The name the key a tenant is created with gets, and the name the upgrade gives a tenant's old key.</summary>
    public const string InitialKeyName = "initial key";

    /// <summary>Creates a key; the key itself is returned here and never again.</summary>
    public async Task<(ApiKeyRecord Key, string Secret)> CreateAsync(
        string tenantId, string name, ApiScope scope, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default)
    {
        var secret = Tenants.ApiKeys.Generate();
        var record = new ApiKeyRecord(RandomIds.New("key_"), tenantId, name, scope, time.GetUtcNow(), expiresAt, null, null);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await InsertAsync(connection, null, record, secret, cancellationToken);
        return (record, secret);
    }

    /// <summary>Inserts a key in the caller's transaction (a new tenant's first key).</summary>
    internal static Task InsertAsync(DbConnection connection, DbTransaction? transaction, ApiKeyRecord key, string secret, CancellationToken cancellationToken) =>
        connection.Command(
                "INSERT INTO api_keys (key_hash, id, tenant_id, name, scope, created_at, expires_at) VALUES (@hash, @id, @tenant, @name, @scope, @at, @expires)",
                transaction)
            .With("hash", Tenants.ApiKeys.Hash(secret)).With("id", key.Id).With("tenant", key.TenantId).With("name", key.Name)
            .With("scope", key.Scope.Name()).With("at", key.CreatedAt.ToUnixTimeMilliseconds()).With("expires", key.ExpiresAt?.ToUnixTimeMilliseconds())
            .NonQueryAsync(cancellationToken);

    /// <summary>The identity behind a presented key, or null when it is unknown, revoked or expired.</summary>
    public async Task<ApiKeyIdentity?> FindUsableAsync(string secret, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                """
                SELECT id, name, tenant_id, scope, expires_at FROM api_keys
                WHERE key_hash = @hash AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now)
                """)
            .With("hash", Tenants.ApiKeys.Hash(secret)).With("now", time.GetUtcNow().ToUnixTimeMilliseconds())
            .FirstOrDefaultAsync(
                r => new ApiKeyIdentity(r.GetString(0), r.GetString(1), r.GetString(2), ApiScopes.Parse(r.GetString(3)), r.GetNullableUnixTime(4)),
                cancellationToken);
    }

    /// <summary>The key's identity whatever its state (revoked, expired): whom a failed sign-in with it concerns.</summary>
    public async Task<ApiKeyIdentity?> FindAnyAsync(string secret, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("SELECT id, name, tenant_id, scope, expires_at FROM api_keys WHERE key_hash = @hash")
            .With("hash", Tenants.ApiKeys.Hash(secret))
            .FirstOrDefaultAsync(
                r => new ApiKeyIdentity(r.GetString(0), r.GetString(1), r.GetString(2), ApiScopes.Parse(r.GetString(3)), r.GetNullableUnixTime(4)),
                cancellationToken);
    }

    /// <summary>The tenant's keys, revoked ones included (with when), newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {Columns} FROM api_keys WHERE tenant_id = @t ORDER BY created_at DESC, id")
            .With("t", tenantId).ListAsync(Read, cancellationToken);
    }

    /// <summary>
    /// Revokes a key of the tenant. Returns the key's hash too, so that the caller can drop it from its authentication
    /// cache at once. The last usable admin key is kept: without it nobody could create or revoke keys any more.
    /// </summary>
    public async Task<(RevokeOutcome Outcome, string? KeyHash)> RevokeAsync(string tenantId, string id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var target = await connection.Command("SELECT key_hash, scope FROM api_keys WHERE id = @id AND tenant_id = @t AND revoked_at IS NULL", transaction)
            .With("id", id).With("t", tenantId)
            .FirstOrDefaultAsync(r => new[] { r.GetString(0), r.GetString(1) }, cancellationToken);
        if (target is null)
        {
            return (RevokeOutcome.NotFound, null);
        }

        if (ApiScopes.Parse(target[1]) == ApiScope.Admin)
        {
            if (database.Dialect == SqlDialect.PostgreSql)
            {
                // Two admin keys revoking each other at once must not both succeed: the second waits for the first
                // and then counts what it left. SQLite has one writer at a time already (EnterWriteAsync).
                await connection.Command("SELECT id FROM api_keys WHERE tenant_id = @t AND scope = 'admin' FOR UPDATE", transaction)
                    .With("t", tenantId).ListAsync(r => r.GetString(0), cancellationToken);
            }

            var otherAdmins = Convert.ToInt64(
                await connection.Command(
                        """
                        SELECT COUNT(*) FROM api_keys
                        WHERE tenant_id = @t AND id <> @id AND scope = 'admin' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now)
                        """,
                        transaction)
                    .With("t", tenantId).With("id", id).With("now", now).ScalarAsync(cancellationToken),
                System.Globalization.CultureInfo.InvariantCulture);
            if (otherAdmins == 0)
            {
                return (RevokeOutcome.LastAdminKey, null);
            }
        }

        await connection.Command("UPDATE api_keys SET revoked_at = @now WHERE id = @id AND tenant_id = @t", transaction)
            .With("now", now).With("id", id).With("t", tenantId).NonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (RevokeOutcome.Revoked, target[0]);
    }

    /// <summary>Records that a key was used. Callers throttle this (<c>ApiKeyUsage</c>): it is not a write per request.</summary>
    public async Task TouchAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("UPDATE api_keys SET last_used_at = @at WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @at)")
            .With("at", at.ToUnixTimeMilliseconds()).With("id", id).NonQueryAsync(cancellationToken);
    }

    private static ApiKeyRecord Read(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), ApiScopes.Parse(r.GetString(3)), r.GetUnixTime(4),
            r.GetNullableUnixTime(5), r.GetNullableUnixTime(6), r.GetNullableUnixTime(7));
}
