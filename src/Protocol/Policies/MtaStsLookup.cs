namespace TlsRptPlatform.Protocol.Policies;

/// <summary>The MTA-STS TXT record of a domain as the records at <c>_mta-sts.&lt;domain&gt;</c> define it.</summary>
public sealed record MtaStsLookup(RecordStatus Status, MtaStsRecord? Record, IReadOnlyList<string> Problems);
