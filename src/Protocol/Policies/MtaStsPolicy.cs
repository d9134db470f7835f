namespace TlsRptPlatform.Protocol.Policies;

/// <summary>A parsed MTA-STS policy file (RFC 8461 §3.2).</summary>
/// <param name="Mx">The <c>mx</c> patterns, e.g. <c>mail.example.com</c> or <c>*.example.net</c>.</param>
/// <param name="MaxAge">How long senders cache the policy.</param>
public sealed record MtaStsPolicy(MtaStsMode Mode, IReadOnlyList<string> Mx, TimeSpan MaxAge)
{
    /// <summary>Whether an MX host name is covered by one of the policy's patterns (RFC 8461 §4.1).</summary>
    public bool Covers(string mxHost) => Mx.Any(pattern => MxPattern.Matches(pattern, mxHost));
}
