using System.Security.Cryptography;

namespace TlsRptPlatform.Protocol.Policies;

/// <summary>New values for the <c>id</c> of <c>_mta-sts</c> TXT records (RFC 8461 §3.1: 1–32 letters and digits).</summary>
public static class MtaStsPolicyIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>
    /// The UTC time to the second, then six random characters: ids sort by age, which helps a person reading DNS,
    /// and two changes within one second still differ (a sender refetches only when the id changes).
    /// </summary>
    public static string New(DateTimeOffset now)
    {
        Span<char> random = stackalloc char[6];
        for (var i = 0; i < random.Length; i++)
        {
            random[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture) + new string(random);
    }
}
