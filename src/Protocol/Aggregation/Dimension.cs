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
}
