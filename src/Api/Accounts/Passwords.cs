using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>
/// Passwords through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted, its format versioned
/// so a stronger default is picked up on the next sign-in). An unknown address costs one verification as well, so the
/// answer's timing does not tell which addresses have accounts.
/// </summary>
public sealed class Passwords(IOptions<AccountOptions> options)
{
    /// <summary>Longer passwords are refused before hashing: a megabyte "password" must not buy a megabyte of PBKDF2.</summary>
    public const int MaxLength = 256;

    private readonly PasswordHasher<UserRecord> _hasher = new();
    private readonly Lazy<string> _decoy = new(() => new PasswordHasher<UserRecord>().HashPassword(null!, "decoy password"));

    /// <summary>Why <paramref name="password"/> cannot be a password for <paramref name="email"/>, or null when it can.</summary>
    public string? Problem(string? password, string email)
    {
        var min = options.Value.MinPasswordLength;
        if (string.IsNullOrEmpty(password) || password.Length < min)
        {
            return $"A password needs at least {min} characters.";
        }

        if (password.Length > MaxLength)
        {
            return $"A password has at most {MaxLength} characters.";
        }

        return string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase) ? "The password must not be the e-mail address." : null;
    }

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    /// <summary>Whether the password is the user's, and the new hash to keep when the hasher wants the old one upgraded.</summary>
    public (bool Valid, string? Rehash) Verify(UserRecord? user, string password)
    {
        if (user?.PasswordHash is not { } hash || password.Length > MaxLength)
        {
            _hasher.VerifyHashedPassword(null!, _decoy.Value, password.Length > MaxLength ? string.Empty : password);
            return (false, null);
        }

        return _hasher.VerifyHashedPassword(user, hash, password) switch
        {
            PasswordVerificationResult.Success => (true, null),
            PasswordVerificationResult.SuccessRehashNeeded => (true, _hasher.HashPassword(user, password)),
            _ => (false, null),
        };
    }
}
