using System.Globalization;

namespace TlsRptPlatform.Protocol.Tls;

/// <summary>One TLSA record's fields (RFC 6698 §2.1): certificate usage, selector, matching type and association data.</summary>
public sealed record TlsaAssociation(int Usage, int Selector, int MatchingType, byte[] Data)
{
    /// <summary>
    /// RFC 7672 §3.1.3: SMTP clients use only DANE-TA(2) and DANE-EE(3); PKIX-TA(0) and PKIX-EE(1) are "unusable", as
    /// are selectors and matching types other than those RFC 6698 defines (Cert/SPKI, Full/SHA-256/SHA-512).
    /// </summary>
    public bool IsUsableForSmtp => Usage is 2 or 3 && Selector is 0 or 1 && MatchingType is 0 or 1 or 2 && Data.Length > 0;

    /// <summary>Reads the presentation form <c>usage selector matching-type hex</c>, as the policy state keeps it.</summary>
    public static bool TryParse(string text, out TlsaAssociation? association)
    {
        association = null;
        var parts = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4
            || !byte.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var usage)
            || !byte.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var selector)
            || !byte.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var matching))
        {
            return false;
        }

        try
        {
            // RFC 6698 §2.2: the hex may be split into several blocks by white space.
            association = new TlsaAssociation(usage, selector, matching, Convert.FromHexString(string.Concat(parts.Skip(3))));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
