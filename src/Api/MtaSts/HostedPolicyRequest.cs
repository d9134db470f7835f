namespace TlsRptPlatform.Api.MtaSts;

/// <summary>The body of <c>PUT /v1/domains/{name}/mta-sts/policy</c>.</summary>
/// <param name="Mode"><c>testing</c>, <c>enforce</c> or <c>none</c>; default <c>testing</c>.</param>
/// <param name="Mx">Patterns (host names, or <c>*.</c> and a host name); left out: the MX hosts the last DNS check saw.</param>
/// <param name="MaxAge">Seconds senders cache the policy, 86400–31557600; default 604800 (a week).</param>
public sealed record HostedPolicyRequest(string? Mode, IReadOnlyList<string?>? Mx, long? MaxAge);
