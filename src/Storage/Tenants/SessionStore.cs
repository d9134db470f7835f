using System.Buffers.Text;
using System.Security.Cryptography;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Tenants;

/// <summary>
/// Browser sessions of the dashboard. The cookie carries 256 random bits; only their SHA-256 is stored, like API keys.
/// Each session has its own CSRF token, which the page sends back on every state-changing request.
/// </summary>
public sealed class SessionStore(PlatformDatabase database, TimeProvider time)
{
    public async Task<(string SessionId, string CsrfToken)> CreateAsync(string tenantId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var csrf = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow();
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("DELETE FROM sessions WHERE expires_at < @now").With("now", now.ToUnixTimeMilliseconds()).NonQueryAsync(cancellationToken);
        await connection.Command("INSERT INTO sessions (id_hash, tenant_id, csrf_token, expires_at) VALUES (@h, @t, @c, @e)")
            .With("h", ApiKeys.Hash(id)).With("t", tenantId).With("c", csrf).With("e", (now + lifetime).ToUnixTimeMilliseconds())
            .NonQueryAsync(cancellationToken);
        return (id, csrf);
    }

    /// <summary>The session's tenant and CSRF token, or null when it does not exist or has expired.</summary>
    public async Task<(string TenantId, string CsrfToken)?> FindAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var found = await connection.Command("SELECT tenant_id, csrf_token FROM sessions WHERE id_hash = @h AND expires_at > @now")
            .With("h", ApiKeys.Hash(sessionId)).With("now", time.GetUtcNow().ToUnixTimeMilliseconds())
            .ListAsync(r => (r.GetString(0), r.GetString(1)), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    public async Task DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("DELETE FROM sessions WHERE id_hash = @h").With("h", ApiKeys.Hash(sessionId)).NonQueryAsync(cancellationToken);
    }
}
