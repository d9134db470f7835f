using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Protocol.Policies;

namespace TlsRptPlatform.Grains.Policies;

/// <param name="Detail">What went wrong, in words a domain owner can act on; empty when valid.</param>
/// <param name="Certificate">The certificate <c>mta-sts.&lt;domain&gt;</c> presented, trusted or not; null without a TLS handshake.</param>
public sealed record PolicyFetch(PolicyFetchOutcome Outcome, MtaStsPolicy? Policy, string Detail, ProbedCertificate? Certificate = null);
