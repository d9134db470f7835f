using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TlsRptPlatform.Storage.Accounts;

/// <summary>Tokens that travel in links and cookies: 256 random bits, stored only as their SHA-256.</summary>
public static class SecretTokens
{
    /// <summary>Nothing the platform issues is longer; a longer presented token is refused before it is hashed.</summary>
    public const int MaxLength = 128;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
