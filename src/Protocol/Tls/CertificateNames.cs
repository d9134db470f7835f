namespace TlsRptPlatform.Protocol.Tls;

/// <summary>Whether a certificate names a host, as RFC 6125 §6.4 has TLS clients check it.</summary>
public static class CertificateNames
{
    /// <summary>
    /// The DNS names of the subjectAltName are the identifiers; the subject CN is looked at only when there is no DNS
    /// name at all (§6.4.4). A wildcard is only the whole left-most label (<c>*.example.com</c>) and stands for exactly
    /// one label (§6.4.3): it matches <c>mx.example.com</c>, not <c>example.com</c> or <c>a.mx.example.com</c>, and
    /// partial-label wildcards such as <c>m*.example.com</c> are not honoured (most MTAs do not).
    /// </summary>
    public static bool Matches(string host, IReadOnlyCollection<string> dnsNames, string? commonName)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(dnsNames);
        var identifiers = dnsNames.Count > 0 ? dnsNames : commonName is null ? [] : [commonName];
        var target = Normalize(host);
        return target.Length > 0 && identifiers.Any(name => MatchesOne(Normalize(name), target));
    }

    private static bool MatchesOne(string presented, string target)
    {
        if (!presented.StartsWith("*.", StringComparison.Ordinal))
        {
            return presented.Length > 0 && string.Equals(presented, target, StringComparison.Ordinal);
        }

        var suffix = presented[2..];
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        // A wildcard over a public suffix alone (*.com) needs at least two labels after it to mean anything.
        return dot > 0 && suffix.Contains('.', StringComparison.Ordinal) && string.Equals(target[(dot + 1)..], suffix, StringComparison.Ordinal);
    }

    private static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
}
