using TlsRptPlatform.Protocol.Policies;

namespace TlsRptPlatform.Grains.Policies;

/// <param name="Detail">What went wrong, in words a domain owner can act on; empty when valid.</param>
public sealed record PolicyFetch(PolicyFetchOutcome Outcome, MtaStsPolicy? Policy, string Detail);
