namespace TlsRptPlatform.Dns;

/// <summary>A TLSA record (RFC 6698 §2), as published at <c>_25._tcp.&lt;mx&gt;</c> for DANE (RFC 7672).</summary>
public sealed record TlsaRecord(int Usage, int Selector, int MatchingType, string DataHex)
{
    public override string ToString() => $"{Usage} {Selector} {MatchingType} {DataHex}";
}
