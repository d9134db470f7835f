using System.Data.Common;
using System.Security.Cryptography;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Accounts;

/// <summary>
/// People's accounts. The store keeps what it is given: password hashes come from ASP.NET Core Identity's hasher, TOTP
/// seeds arrive encrypted. A new password changes the security stamp and deletes the person's sessions, so every
/// session started with the old password ends at once, on every process.
/// </summary>
public sealed class UserStore(PlatformDatabase database, TimeProvider time)
{
    private const string Columns =
        "id, email, email_verified_at, password_hash, security_stamp, operator_since, failed_sign_ins, locked_until, totp_secret, totp_enabled_at, created_at";

    /// <summary>Creates an account, or returns null when the address already has one.</summary>
    public async Task<UserRecord?> CreateAsync(string email, string? passwordHash, bool emailVerified, bool isOperator = false, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await InsertAsync(connection, null, email, passwordHash, emailVerified, isOperator, cancellationToken);
    }

    /// <summary>Inserts an account in the caller's transaction; null when the address already has one.</summary>
    internal async Task<UserRecord?> InsertAsync(
        DbConnection connection, DbTransaction? transaction, string email, string? passwordHash, bool emailVerified, bool isOperator, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var user = new UserRecord(RandomIds.New("usr_"), Emails.Normalize(email), emailVerified ? now : null, passwordHash, NewStamp(),
            isOperator, 0, null, null, null, now);
        var inserted = await connection.Command(
                """
                INSERT INTO users (id, email, email_verified_at, password_hash, security_stamp, operator_since, created_at)
                VALUES (@id, @email, @verified, @hash, @stamp, @operator, @at) ON CONFLICT (email) DO NOTHING
                """, transaction)
            .With("id", user.Id).With("email", user.Email).With("verified", user.EmailVerifiedAt?.ToUnixTimeMilliseconds()).With("hash", passwordHash)
            .With("stamp", user.SecurityStamp).With("operator", isOperator ? now.ToUnixTimeMilliseconds() : null).With("at", now.ToUnixTimeMilliseconds())
            .NonQueryAsync(cancellationToken);
        return inserted == 1 ? user : null;
    }

    public async Task<UserRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {Columns} FROM users WHERE id = @id").With("id", id).FirstOrDefaultAsync(Read, cancellationToken);
    }

    public async Task<UserRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {Columns} FROM users WHERE email = @email")
            .With("email", Emails.Normalize(email)).FirstOrDefaultAsync(Read, cancellationToken);
    }

    /// <summary>Sets a new password: a new security stamp, no failed attempts or lockout, and none of the person's sessions.</summary>
    public async Task SetPasswordAsync(string userId, string passwordHash, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.Command("UPDATE users SET password_hash = @hash, security_stamp = @stamp, failed_sign_ins = 0, locked_until = NULL WHERE id = @id", transaction)
            .With("hash", passwordHash).With("stamp", NewStamp()).With("id", userId).NonQueryAsync(cancellationToken);
        await connection.Command("DELETE FROM user_sessions WHERE user_id = @id", transaction).With("id", userId).NonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Removes the password (and every session) of an account whose address was never confirmed, when its mailbox's
    /// owner proves the address another way (a provider's verified e-mail): whoever chose that password never did.
    /// </summary>
    public async Task ClearUnprovenPasswordAsync(string userId, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.Command("UPDATE users SET password_hash = NULL, security_stamp = @stamp WHERE id = @id AND email_verified_at IS NULL", transaction)
            .With("stamp", NewStamp()).With("id", userId).NonQueryAsync(cancellationToken);
        await connection.Command("DELETE FROM user_sessions WHERE user_id = @id", transaction).With("id", userId).NonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Replaces a hash the hasher wants upgraded (its format or work factor changed); sessions are kept.</summary>
    public async Task RehashPasswordAsync(string userId, string oldHash, string newHash, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("UPDATE users SET password_hash = @new WHERE id = @id AND password_hash = @old")
            .With("new", newHash).With("id", userId).With("old", oldHash).NonQueryAsync(cancellationToken);
    }

    public async Task MarkEmailVerifiedAsync(string userId, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("UPDATE users SET email_verified_at = @now WHERE id = @id AND email_verified_at IS NULL")
            .With("now", time.GetUtcNow().ToUnixTimeMilliseconds()).With("id", userId).NonQueryAsync(cancellationToken);
    }

    public async Task SetOperatorAsync(string userId, bool isOperator, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("UPDATE users SET operator_since = CASE WHEN @on = 1 THEN COALESCE(operator_since, @now) END WHERE id = @id")
            .With("on", isOperator ? 1 : 0).With("now", time.GetUtcNow().ToUnixTimeMilliseconds()).With("id", userId).NonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Counts a failed sign-in. The <paramref name="maxFailures"/>th in a row locks the account until
    /// now + <paramref name="lockout"/> and starts the count again; returns when the account is locked until, if it is.
    /// </summary>
    public async Task<DateTimeOffset?> RecordFailedSignInAsync(string userId, int maxFailures, TimeSpan lockout, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var until = now + lockout;
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var locked = await connection.Command(
                """
                UPDATE users SET
                    locked_until = CASE WHEN failed_sign_ins + 1 >= @max THEN @until ELSE locked_until END,
                    failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= @max THEN 0 ELSE failed_sign_ins + 1 END
                WHERE id = @id RETURNING locked_until
                """)
            .With("max", maxFailures).With("until", until.ToUnixTimeMilliseconds()).With("id", userId).ScalarAsync(cancellationToken);
        var lockedUntil = locked is null ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(locked, System.Globalization.CultureInfo.InvariantCulture));
        return lockedUntil > now ? lockedUntil : null;
    }

    public async Task ResetFailedSignInsAsync(string userId, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("UPDATE users SET failed_sign_ins = 0 WHERE id = @id AND failed_sign_ins <> 0").With("id", userId).NonQueryAsync(cancellationToken);
    }

    /// <summary>Keeps an encrypted TOTP seed that is not yet confirmed (<paramref name="enabled"/> false) or confirmed.</summary>
    public async Task SetTotpAsync(string userId, string? encryptedSecret, bool enabled, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("UPDATE users SET totp_secret = @secret, totp_enabled_at = @enabled, totp_last_step = NULL WHERE id = @id")
            .With("secret", encryptedSecret).With("enabled", enabled ? time.GetUtcNow().ToUnixTimeMilliseconds() : null).With("id", userId)
            .NonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Records that a TOTP code of time step <paramref name="step"/> was used, unless one of that step or a later one
    /// already was: false means the code is a replay and must be refused.
    /// </summary>
    public async Task<bool> UseTotpStepAsync(string userId, long step, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("UPDATE users SET totp_last_step = @step WHERE id = @id AND (totp_last_step IS NULL OR totp_last_step < @step)")
            .With("step", step).With("id", userId).NonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Replaces the person's recovery codes (hashes of them) with <paramref name="codeHashes"/>.</summary>
    public async Task ReplaceRecoveryCodesAsync(string userId, IReadOnlyCollection<string> codeHashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codeHashes);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.Command("DELETE FROM recovery_codes WHERE user_id = @id", transaction).With("id", userId).NonQueryAsync(cancellationToken);
        foreach (var hash in codeHashes)
        {
            await connection.Command("INSERT INTO recovery_codes (user_id, code_hash) VALUES (@id, @h)", transaction).With("id", userId).With("h", hash).NonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Uses one of the person's recovery codes (by its hash); false when it is not theirs or was used.</summary>
    public async Task<bool> UseRecoveryCodeAsync(string userId, string codeHash, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command("UPDATE recovery_codes SET used_at = @now WHERE user_id = @id AND code_hash = @h AND used_at IS NULL")
            .With("now", time.GetUtcNow().ToUnixTimeMilliseconds()).With("id", userId).With("h", codeHash).NonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>How many of the person's recovery codes are left.</summary>
    public async Task<int> CountRecoveryCodesAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return Convert.ToInt32(await connection.Command("SELECT count(*) FROM recovery_codes WHERE user_id = @id AND used_at IS NULL").With("id", userId)
            .ScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static UserRecord Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetNullableUnixTime(2), r.GetNullableString(3), r.GetString(4), !r.IsDBNull(5), r.GetInt32(6), r.GetNullableUnixTime(7),
        r.GetNullableString(8), r.GetNullableUnixTime(9), r.GetUnixTime(10));
}
