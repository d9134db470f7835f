namespace TlsRptPlatform.Protocol.Policies;

/// <summary>RFC 8461 §4.1 MX host matching.</summary>
public static class MxPattern
{
    /// <summary>
    /// A pattern is a host name, or <c>*.</c> followed by one: the wildcard stands for exactly one left-most label,
    /// so <c>*.example.com</c> matches <c>mx1.example.com</c> but neither <c>example.com</c> nor <c>a.b.example.com</c>.
    /// Case and a trailing dot do not matter.
    /// </summary>
    public static bool Matches(string pattern, string host)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(host);
        var p = Normalize(pattern);
        var h = Normalize(host);
        if (!p.StartsWith("*.", StringComparison.Ordinal))
        {
            return p.Length > 0 && string.Equals(p, h, StringComparison.Ordinal);
        }

        var dot = h.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && string.Equals(h[(dot + 1)..], p[2..], StringComparison.Ordinal);
    }

    private static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();
}
