namespace TlsRptPlatform.Protocol.Policies;

/// <summary>A parsed <c>_mta-sts</c> TXT record (RFC 8461 §3.1).</summary>
/// <param name="Id">The policy id; senders refetch the policy when it changes.</param>
public sealed record MtaStsRecord(string Id, string Text);
