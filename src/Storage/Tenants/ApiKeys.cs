using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TlsRptPlatform.Storage.Tenants;

/// <summary>API keys: 256 random bits, shown once, kept only as a SHA-256 hash.</summary>
public static class ApiKeys
{
    public const string Prefix = "tlsrpt_";

    /// <remarks>The prefix lets secret scanners recognise leaked keys.</remarks>
    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Compares a presented key with a configured one in constant time.</summary>
    public static bool Matches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Hash(presented)), Encoding.UTF8.GetBytes(Hash(expected)));
}
