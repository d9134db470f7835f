namespace TlsRptPlatform.Protocol.Tls;

/// <summary>What a server's certificate chain says about its DANE TLSA records (RFC 7672 §3).</summary>
public enum TlsaMatch
{
    /// <summary>No usable TLSA record (none, or only PKIX usages and unknown parameters): DANE does not apply.</summary>
    NotApplicable,

    /// <summary>At least one usable record matches the chain: a DANE sender delivers.</summary>
    Match,

    /// <summary>Usable records exist, none matches: a DANE sender refuses to deliver (RFC 7672 §2.2).</summary>
    Mismatch,
}
