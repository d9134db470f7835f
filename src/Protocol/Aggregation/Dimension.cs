namespace TlsRptPlatform.Protocol.Aggregation;

/// <summary>The axes a domain's failed sessions are broken down by (digest §6), and successes by policy type.</summary>
public enum Dimension
{
    ResultType = 1,
    Organization = 2,
    PolicyType = 3,
    ReceivingMx = 4,
    SendingIp = 5,

    /// <summary>The policy's <c>policy-domain</c>: the recipient domain for <c>sts</c>, the TLSA base domain (an MX host) for <c>tlsa</c>.</summary>
    PolicyDomain = 6,

    /// <summary>Successful sessions by policy type: the one breakdown of successes, so overlapping policy types show.</summary>
    SuccessfulByPolicyType = 7,

    /// <summary>
    /// Failed sessions by result type and receiving MX together, keyed <c>"&lt;result-type&gt; &lt;mx-host&gt;"</c>: the pair
    /// the summary's explanations need ("412 certificate-expired sessions at mx2"), which the two separate breakdowns lose.
    /// </summary>
    ResultTypeAtMx = 8,
}
