using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TlsRptPlatform.Protocol.Alerts;

/// <summary>
/// <c>X-TlsRpt-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;")&gt;</c> —
/// the timestamp is signed with the body so that a receiver can refuse replays of old deliveries.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-TlsRpt-Signature";

    public static string Create(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var signed = new byte[t.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(t, signed);
        signed[t.Length] = (byte)'.';
        body.CopyTo(signed.AsSpan(t.Length + 1));
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed))}";
    }

    /// <summary>What a receiver does: recompute and compare in constant time, and refuse stale timestamps.</summary>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, long nowUnixSeconds, long toleranceSeconds)
    {
        if (header is null)
        {
            return false;
        }

        var parts = header.Split(',', StringSplitOptions.TrimEntries);
        var t = parts.FirstOrDefault(p => p.StartsWith("t=", StringComparison.Ordinal))?[2..];
        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || Math.Abs(nowUnixSeconds - timestamp) > toleranceSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Create(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(header.Replace(" ", string.Empty, StringComparison.Ordinal)));
    }
}
