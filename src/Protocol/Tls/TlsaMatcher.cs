using System.Security.Cryptography;

namespace TlsRptPlatform.Protocol.Tls;

/// <summary>
/// Matches a presented certificate chain against TLSA records as an SMTP client does (RFC 7671 §5, RFC 7672 §3.1).
/// Pure: the certificates come in as DER, so the rules are unit-tested without a TLS connection.
/// </summary>
public static class TlsaMatcher
{
    /// <param name="chain">The server's chain as DER, leaf first, then the certificates it sent (and any built on them).</param>
    public static TlsaMatch Match(IEnumerable<TlsaAssociation> records, IReadOnlyList<ChainCertificate> chain)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(chain);
        var usable = records.Where(r => r.IsUsableForSmtp).ToList();
        if (usable.Count == 0)
        {
            return TlsaMatch.NotApplicable;
        }

        return usable.Any(r => Candidates(r, chain).Any(c => Matches(r, c))) ? TlsaMatch.Match : TlsaMatch.Mismatch;
    }

    /// <summary>
    /// DANE-EE(3) names the leaf itself (RFC 7671 §5.1). DANE-TA(2) names a trust anchor the server sends in its chain
    /// (RFC 7671 §5.2.2 asks servers to include it); the leaf is not a trust anchor of itself.
    /// </summary>
    private static IEnumerable<ChainCertificate> Candidates(TlsaAssociation record, IReadOnlyList<ChainCertificate> chain) =>
        record.Usage == 3 ? chain.Take(1) : chain.Skip(1);

    private static bool Matches(TlsaAssociation record, ChainCertificate certificate)
    {
        // RFC 6698 §2.1.2: selector 0 is the whole certificate, 1 its SubjectPublicKeyInfo.
        var selected = record.Selector == 0 ? certificate.Der : certificate.SubjectPublicKeyInfo;
        // RFC 6698 §2.1.3: 0 exact match, 1 SHA-256, 2 SHA-512.
        var digest = record.MatchingType switch
        {
            1 => SHA256.HashData(selected),
            2 => SHA512.HashData(selected),
            _ => selected,
        };
        return CryptographicOperations.FixedTimeEquals(digest, record.Data);
    }
}
