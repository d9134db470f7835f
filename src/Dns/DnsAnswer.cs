namespace TlsRptPlatform.Dns;

/// <param name="Authenticated">The resolver's AD bit: the answer was validated with DNSSEC.</param>
/// <param name="Error">Why the lookup failed, for the check log; null unless <see cref="DnsOutcome.Failed"/>.</param>
public sealed record DnsAnswer<T>(DnsOutcome Outcome, IReadOnlyList<T> Records, bool Authenticated, string? Error);
