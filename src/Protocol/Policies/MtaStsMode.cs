namespace TlsRptPlatform.Protocol.Policies;

/// <summary>RFC 8461 §5: what a sender does when a delivery does not meet the policy.</summary>
public enum MtaStsMode
{
    /// <summary>Do not deliver to MX hosts that fail the policy.</summary>
    Enforce,

    /// <summary>Deliver anyway, but report failures (TLS-RPT).</summary>
    Testing,

    /// <summary>No active policy (used to withdraw one).</summary>
    None,
}
