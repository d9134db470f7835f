using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Accounts;

/// <summary>Identities at OpenID Connect providers, keyed by the provider's issuer and the subject it gives the person.</summary>
public sealed class ExternalLoginStore(PlatformDatabase database, TimeProvider time)
{
    /// <summary>Issuers and subjects longer than this are refused: real providers use a few dozen characters.</summary>
    public const int MaxLength = 512;

    public async Task<string?> FindUserAsync(string issuer, string subject, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("SELECT user_id FROM external_logins WHERE issuer = @i AND subject = @s")
            .With("i", issuer).With("s", subject).ScalarAsync(cancellationToken) as string;
    }

    public async Task LinkAsync(string issuer, string subject, string userId, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("INSERT INTO external_logins (issuer, subject, user_id, created_at) VALUES (@i, @s, @u, @at) ON CONFLICT (issuer, subject) DO NOTHING")
            .With("i", issuer).With("s", subject).With("u", userId).With("at", time.GetUtcNow().ToUnixTimeMilliseconds()).NonQueryAsync(cancellationToken);
    }
}
