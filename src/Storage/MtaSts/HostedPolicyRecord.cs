namespace TlsRptPlatform.Storage.MtaSts;

/// <summary>A policy the platform serves at <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>.</summary>
/// <param name="Mode"><c>testing</c>, <c>enforce</c> or <c>none</c>.</param>
/// <param name="PolicyId">The id to publish in <c>_mta-sts.&lt;domain&gt;</c>; new with every change.</param>
/// <param name="ModeSince">When the current mode began (kept across changes that leave the mode alone).</param>
public sealed record HostedPolicyRecord(
    string Domain,
    string Mode,
    IReadOnlyList<string> Mx,
    long MaxAge,
    string PolicyId,
    DateTimeOffset ModeSince,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
