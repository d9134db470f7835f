namespace TlsRptPlatform.Dns;

/// <summary>How a lookup ended. Only <see cref="Answered"/> and <see cref="NoRecords"/> say anything about the domain.</summary>
public enum DnsOutcome
{
    /// <summary>The server answered with records of the type asked for.</summary>
    Answered,

    /// <summary>NXDOMAIN, or the name exists without records of that type.</summary>
    NoRecords,

    /// <summary>Time-out, SERVFAIL, refusal, network error: the state of the domain is unknown, not "no policy".</summary>
    Failed,
}
