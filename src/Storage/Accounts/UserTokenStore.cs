using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Accounts;

/// <summary>
/// Single-use tokens mailed to a person (verify the address, reset the password). Issuing one for a purpose replaces
/// the person's earlier one for it; using one deletes it in the statement that reads it, so it works once.
/// </summary>
public sealed class UserTokenStore(PlatformDatabase database, TimeProvider time)
{
    public async Task<string> IssueAsync(string userId, string purpose, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
        (await IssueAsync(userId, purpose, lifetime, TimeSpan.Zero, cancellationToken))!;

    /// <summary>
    /// Issues a token unless one for the same person and purpose was issued less than <paramref name="cooldown"/> ago
    /// (then null): however many addresses ask, a person's mailbox gets at most one such mail per cooldown.
    /// </summary>
    public async Task<string?> IssueAsync(string userId, string purpose, TimeSpan lifetime, TimeSpan cooldown, CancellationToken cancellationToken = default)
    {
        var token = SecretTokens.New();
        var now = time.GetUtcNow();
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (cooldown > TimeSpan.Zero && await connection.Command("SELECT 1 FROM user_tokens WHERE user_id = @u AND purpose = @p AND issued_at > @since", transaction)
                .With("u", userId).With("p", purpose).With("since", (now - cooldown).ToUnixTimeMilliseconds()).ScalarAsync(cancellationToken) is not null)
        {
            return null;
        }

        await connection.Command("DELETE FROM user_tokens WHERE (user_id = @u AND purpose = @p) OR expires_at < @now", transaction)
            .With("u", userId).With("p", purpose).With("now", now.ToUnixTimeMilliseconds()).NonQueryAsync(cancellationToken);
        await connection.Command("INSERT INTO user_tokens (token_hash, user_id, purpose, issued_at, expires_at) VALUES (@h, @u, @p, @now, @e)", transaction)
            .With("h", SecretTokens.Hash(token)).With("u", userId).With("p", purpose).With("now", now.ToUnixTimeMilliseconds()).With("e", (now + lifetime).ToUnixTimeMilliseconds())
            .NonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return token;
    }

    /// <summary>The person the token was issued to, or null when it is unknown, used, expired or for another purpose.</summary>
    public async Task<string?> ConsumeAsync(string token, string purpose, CancellationToken cancellationToken = default)
    {
        if (token.Length is 0 or > SecretTokens.MaxLength)
        {
            return null;
        }

        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("DELETE FROM user_tokens WHERE token_hash = @h AND purpose = @p AND expires_at > @now RETURNING user_id")
            .With("h", SecretTokens.Hash(token)).With("p", purpose).With("now", time.GetUtcNow().ToUnixTimeMilliseconds())
            .ScalarAsync(cancellationToken) as string;
    }
}
