using System.Security.Cryptography;
using OtpNet;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>
/// The optional second factor: TOTP (RFC 6238; 30-second steps, 6 digits, SHA-1 — what authenticator apps expect) with
/// ten single-use recovery codes. A code is accepted one step early or late (clock drift) and only once: the step it
/// matched is recorded, so a code seen over someone's shoulder cannot be replayed. Seeds are stored sealed
/// (<see cref="SecretBox"/>), recovery codes as SHA-256 hashes.
/// </summary>
public sealed class SecondFactor(UserStore users, SecretBox box, TimeProvider time)
{
    public const int RecoveryCodeCount = 10;
    private const string Issuer = "TlsRptPlatform";

    /// <summary>Starts (or restarts) enrolment: a new seed, kept unconfirmed until <see cref="ConfirmAsync"/>.</summary>
    public async Task<TotpEnrolment> BeginAsync(UserRecord user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var seed = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        await users.SetTotpAsync(user.Id, await box.SealAsync(seed, cancellationToken), enabled: false, cancellationToken);
        var label = Uri.EscapeDataString($"{Issuer}:{user.Email}");
        return new TotpEnrolment(seed, $"otpauth://totp/{label}?secret={seed}&issuer={Issuer}&algorithm=SHA1&digits=6&period=30");
    }

    /// <summary>Turns TOTP on once the person proves their app has the seed; returns the recovery codes (shown once), or null for a wrong code.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(UserRecord user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.TotpSecret is null || !await TotpMatchesAsync(user, code, cancellationToken))
        {
            return null;
        }

        await users.SetTotpAsync(user.Id, user.TotpSecret, enabled: true, cancellationToken);
        return await NewRecoveryCodesAsync(user.Id, cancellationToken);
    }

    /// <summary>Whether <paramref name="code"/> is a current TOTP code or an unused recovery code of the person (using it up).</summary>
    public async Task<bool> VerifyAsync(UserRecord user, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64)
        {
            return false;
        }

        var trimmed = code.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return trimmed.Length == 6 && trimmed.All(char.IsAsciiDigit)
            ? await TotpMatchesAsync(user, trimmed, cancellationToken)
            : await users.UseRecoveryCodeAsync(user.Id, HashRecoveryCode(trimmed), cancellationToken);
    }

    public Task DisableAsync(UserRecord user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.WhenAll(users.SetTotpAsync(user.Id, null, enabled: false, cancellationToken), users.ReplaceRecoveryCodesAsync(user.Id, [], cancellationToken));
    }

    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(string userId, CancellationToken cancellationToken)
    {
        // 10 characters of a 32-letter alphabet: 50 bits each, typed by hand, shown as xxxxx-xxxxx.
        var codes = Enumerable.Range(0, RecoveryCodeCount)
            .Select(_ => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(7))[..10].ToLowerInvariant())
            .ToList();
        await users.ReplaceRecoveryCodesAsync(userId, [.. codes.Select(HashRecoveryCode)], cancellationToken);
        return [.. codes.Select(c => $"{c[..5]}-{c[5..]}")];
    }

    private async Task<bool> TotpMatchesAsync(UserRecord user, string code, CancellationToken cancellationToken)
    {
        if (user.TotpSecret is not { } sealedSeed || code.Length != 6)
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(await box.OpenAsync(sealedSeed, cancellationToken)));
        return totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1))
            && await users.UseTotpStepAsync(user.Id, step, cancellationToken);
    }

    private static string HashRecoveryCode(string code) => SecretTokens.Hash("recovery:" + code.ToLowerInvariant());
}

/// <summary>A new TOTP seed: type <paramref name="Secret"/> into the app, or scan <paramref name="OtpauthUri"/> as a QR code.</summary>
public sealed record TotpEnrolment(string Secret, string OtpauthUri);
