using System.Security.Cryptography;

namespace TlsRptPlatform.Storage.Database;

/// <summary>Identifiers of rows the platform creates: a type prefix (<c>t_</c>, <c>ch_</c> …) and 96 random bits.</summary>
public static class RandomIds
{
    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
