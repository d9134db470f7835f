namespace TlsRptPlatform.Abstractions.Probes;

/// <summary>The leaf certificate a server presented, and the subjects of the chain above it.</summary>
/// <param name="Sha256">Fingerprint of the DER certificate, lower-case hex; a new one means the certificate was replaced.</param>
/// <param name="Chain">Subjects of the certificates above the leaf, as presented or built (issuer first).</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.ProbedCertificate")]
public sealed record ProbedCertificate(
    [property: Id(0)] string Subject,
    [property: Id(1)] string Issuer,
    [property: Id(2)] IReadOnlyList<string> DnsNames,
    [property: Id(3)] DateTimeOffset NotBefore,
    [property: Id(4)] DateTimeOffset NotAfter,
    [property: Id(5)] string Sha256,
    [property: Id(6)] IReadOnlyList<string> Chain);
