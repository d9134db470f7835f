namespace TlsRptPlatform.Protocol.Policies;

/// <summary>A parsed <c>_smtp._tls</c> TXT record (RFC 8460 §3).</summary>
/// <param name="Rua">The report addresses, <c>mailto:</c> or <c>https:</c>, in the order published.</param>
public sealed record TlsRptRecord(IReadOnlyList<Uri> Rua, string Text);
