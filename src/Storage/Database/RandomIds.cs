using System.Security.Cryptography;

namespace TlsRptPlatform.Storage.Database;

/// <summary>Identifiers of rows the platform creates: a type prefix (<c>t_</c>, <c>ch_</c> …) and 96 random bits.</summary>
public static class RandomIds
{
    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>A random number in [1, 2^53): exact in JavaScript, and it tells nothing about how many rows exist.</summary>
    public static long Number() => RandomNumberGenerator.GetInt32(1, 1 << 21) * (1L << 32) + (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
}
