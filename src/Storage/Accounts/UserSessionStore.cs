using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Accounts;

/// <summary>
/// People's browser sessions. The cookie is <see cref="Prefix"/> and 256 random bits, of which only the SHA-256 is
/// stored. A session ends after the idle timeout without a request, after its lifetime in any case, and as soon as the
/// person's security stamp changes (a new password): every lookup compares the stamp it was started with.
/// </summary>
public sealed class UserSessionStore(PlatformDatabase database, TimeProvider time)
{
    /// <summary>Tells a person's session cookie from one signed in with an API key.</summary>
    public const string Prefix = "u.";

    /// <summary>How stale <c>last_seen_at</c> may get before a request writes it: at most one write a minute, not one per request.</summary>
    private static readonly TimeSpan MaxTouchInterval = TimeSpan.FromMinutes(1);

    public async Task<(string SessionId, string CsrfToken)> CreateAsync(UserRecord user, string? tenantId, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = Prefix + SecretTokens.New();
        var csrf = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("DELETE FROM user_sessions WHERE expires_at < @now").With("now", now).NonQueryAsync(cancellationToken);
        await connection.Command(
                "INSERT INTO user_sessions (id_hash, user_id, tenant_id, csrf_token, security_stamp, last_seen_at, expires_at) VALUES (@h, @u, @t, @c, @s, @now, @e)")
            .With("h", SecretTokens.Hash(id)).With("u", user.Id).With("t", tenantId).With("c", csrf).With("s", user.SecurityStamp).With("now", now)
            .With("e", now + (long)lifetime.TotalMilliseconds).NonQueryAsync(cancellationToken);
        return (id, csrf);
    }

    /// <summary>The live session, or null when it is unknown, idle too long, past its lifetime, or its password has changed.</summary>
    public async Task<UserSessionRecord?> FindAsync(string sessionId, TimeSpan idleTimeout, CancellationToken cancellationToken = default)
    {
        if (!sessionId.StartsWith(Prefix, StringComparison.Ordinal) || sessionId.Length > SecretTokens.MaxLength)
        {
            return null;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hash = SecretTokens.Hash(sessionId);
        await using var connection = await database.OpenAsync(cancellationToken);
        var found = await connection.Command(
                """
                SELECT u.id, u.email, u.operator_since, s.tenant_id, m.role, t.suspended_at, s.csrf_token, s.last_seen_at, t.second_factor_required_at, u.totp_enabled_at
                FROM user_sessions s
                JOIN users u ON u.id = s.user_id AND u.security_stamp = s.security_stamp
                LEFT JOIN memberships m ON m.user_id = s.user_id AND m.tenant_id = s.tenant_id
                LEFT JOIN tenants t ON t.id = s.tenant_id
                WHERE s.id_hash = @h AND s.expires_at > @now AND s.last_seen_at > @idle
                """)
            .With("h", hash).With("now", now).With("idle", now - (long)idleTimeout.TotalMilliseconds)
            .ListAsync(r => (Session: new UserSessionRecord(
                r.GetString(0), r.GetString(1), !r.IsDBNull(2), r.IsDBNull(4) ? null : r.GetString(3), r.IsDBNull(4) ? null : TenantRoles.Parse(r.GetString(4)),
                !r.IsDBNull(5), r.GetString(6), !r.IsDBNull(8) && r.IsDBNull(9)), LastSeen: r.GetInt64(7)), cancellationToken);
        if (found is not [var live])
        {
            return null;
        }

        // A quarter of the idle timeout at most, so that a busy session never looks idle.
        var touchEvery = Math.Min(MaxTouchInterval.TotalMilliseconds, idleTimeout.TotalMilliseconds / 4);
        if (now - live.LastSeen > touchEvery)
        {
            using var write = await database.EnterWriteAsync(cancellationToken);
            await connection.Command("UPDATE user_sessions SET last_seen_at = @now WHERE id_hash = @h").With("now", now).With("h", hash).NonQueryAsync(cancellationToken);
        }

        return live.Session;
    }

    /// <summary>Points the session at another tenant; the caller has checked the person belongs to it.</summary>
    public async Task SwitchTenantAsync(string sessionId, string tenantId, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("UPDATE user_sessions SET tenant_id = @t WHERE id_hash = @h")
            .With("t", tenantId).With("h", SecretTokens.Hash(sessionId)).NonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("DELETE FROM user_sessions WHERE id_hash = @h").With("h", SecretTokens.Hash(sessionId)).NonQueryAsync(cancellationToken);
    }

    /// <summary>Ends the sessions of everyone in the tenant (it was suspended).</summary>
    public async Task DeleteForTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("DELETE FROM user_sessions WHERE tenant_id = @t").With("t", tenantId).NonQueryAsync(cancellationToken);
    }
}
