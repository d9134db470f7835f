namespace TlsRptPlatform.Protocol.Tls;

/// <summary>A certificate of a presented chain in the two forms TLSA selectors pick from (RFC 6698 §2.1.2).</summary>
/// <param name="Der">The whole certificate, DER-encoded.</param>
/// <param name="SubjectPublicKeyInfo">Its SubjectPublicKeyInfo, DER-encoded.</param>
public sealed record ChainCertificate(byte[] Der, byte[] SubjectPublicKeyInfo);
