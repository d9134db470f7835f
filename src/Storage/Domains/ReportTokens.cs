using System.Security.Cryptography;

namespace TlsRptPlatform.Storage.Domains;

/// <summary>Report tokens: 160 random bits in lower-case base32, safe in a URL path and in a mail local part.</summary>
public static class ReportTokens
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int MaxLength = 64;

    public static string Generate()
    {
        var bytes = RandomNumberGenerator.GetBytes(20);
        var chars = new char[32];
        for (var i = 0; i < chars.Length; i++)
        {
            // 32 five-bit groups out of 160 bits.
            var bit = i * 5;
            var value = ((bytes[bit / 8] << 8) | (bit / 8 + 1 < bytes.Length ? bytes[bit / 8 + 1] : 0)) >> (11 - bit % 8);
            chars[i] = Alphabet[value & 31];
        }

        return new string(chars);
    }

    /// <summary>Cheap shape check before any lookup, so that junk never reaches the store.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: > 0 and <= MaxLength } && token.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
}
