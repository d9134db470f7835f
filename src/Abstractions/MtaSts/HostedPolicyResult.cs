namespace TlsRptPlatform.Abstractions.MtaSts;

/// <param name="Draft">With <see cref="HostedPolicyOutcome.NotHosted"/>: a policy pre-filled from the domain's MX records.</param>
/// <param name="Readiness">With <see cref="HostedPolicyOutcome.NotReady"/>: the checks that did not pass.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.HostedPolicyResult")]
public sealed record HostedPolicyResult(
    [property: Id(0)] HostedPolicyOutcome Outcome,
    [property: Id(1)] HostedPolicy? Policy = null,
    [property: Id(2)] HostedPolicyDraft? Draft = null,
    [property: Id(3)] MtaStsReadiness? Readiness = null);
