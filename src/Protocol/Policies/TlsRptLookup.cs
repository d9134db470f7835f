namespace TlsRptPlatform.Protocol.Policies;

/// <summary>The TLS-RPT policy of a domain as the TXT records at <c>_smtp._tls.&lt;domain&gt;</c> define it.</summary>
/// <param name="Record">The record when <paramref name="Status"/> is <see cref="RecordStatus.Valid"/>.</param>
/// <param name="Problems">Why the policy is invalid; empty otherwise.</param>
public sealed record TlsRptLookup(RecordStatus Status, TlsRptRecord? Record, IReadOnlyList<string> Problems);
