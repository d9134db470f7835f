using System.Diagnostics.CodeAnalysis;
using TlsRptPlatform.Protocol.Domains;

namespace TlsRptPlatform.Api.MtaSts;

/// <summary>The customer domain a policy host name stands for: <c>mta-sts.&lt;domain&gt;</c> (RFC 8461 §3.3).</summary>
public static class PolicyHostName
{
    private const string Prefix = "mta-sts.";

    /// <summary>Longest name looked at: a DNS name is at most 253 characters, and a trailing dot may follow.</summary>
    private const int MaxLength = 254;

    /// <summary>
    /// The normalised domain of <c>mta-sts.&lt;domain&gt;</c>, in any case and with or without a trailing dot; false for
    /// anything else. The port of a Host header must be gone already; IP literals and names with other prefixes fail.
    /// </summary>
    public static bool TryGetDomain(string? host, [NotNullWhen(true)] out string? domain)
    {
        domain = null;
        if (string.IsNullOrEmpty(host) || host.Length > MaxLength || !host.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Only plain A-labels: a browser or a sender sends the ASCII form; anything else in a Host header is noise.
        var rest = host[Prefix.Length..];
        if (!rest.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            return false;
        }

        return DomainName.TryNormalize(rest, out domain, out _);
    }
}
