using System.Buffers.Text;
using System.Security.Cryptography;
using TlsRptPlatform.Storage.ApiKeys;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Tenants;

/// <summary>
/// Browser sessions of the dashboard. The cookie carries 256 random bits; only their SHA-256 is stored, like API keys.
/// Each session has its own CSRF token, which the page sends back on every state-changing request. A session acts with
/// the scope of the API key it was signed in with, read from the key on every request: revoking or expiring the key
/// ends its sessions at once, on every process.
/// </summary>
public sealed class SessionStore(PlatformDatabase database, TimeProvider time)
{
    public async Task<(string SessionId, string CsrfToken)> CreateAsync(string tenantId, string keyId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var csrf = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("DELETE FROM sessions WHERE expires_at < @now").With("now", now.ToUnixTimeMilliseconds()).NonQueryAsync(cancellationToken);
        await connection.Command("INSERT INTO sessions (id_hash, tenant_id, key_id, csrf_token, expires_at) VALUES (@h, @t, @k, @c, @e)")
            .With("h", ApiKeys.Hash(id)).With("t", tenantId).With("k", keyId).With("c", csrf).With("e", (now + lifetime).ToUnixTimeMilliseconds())
            .NonQueryAsync(cancellationToken);
        return (id, csrf);
    }

    /// <summary>The session, or null when it does not exist, has expired, or its key was revoked or has expired.</summary>
    public async Task<SessionRecord?> FindAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                """
                SELECT s.tenant_id, s.csrf_token, k.id, k.name, k.scope FROM sessions s
                JOIN api_keys k ON k.id = s.key_id AND k.tenant_id = s.tenant_id
                WHERE s.id_hash = @h AND s.expires_at > @now AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > @now)
                """)
            .With("h", ApiKeys.Hash(sessionId)).With("now", now)
            .FirstOrDefaultAsync(r => new SessionRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), ApiScopes.Parse(r.GetString(4))), cancellationToken);
    }

    public async Task DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("DELETE FROM sessions WHERE id_hash = @h").With("h", ApiKeys.Hash(sessionId)).NonQueryAsync(cancellationToken);
    }
}
