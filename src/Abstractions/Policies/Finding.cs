namespace TlsRptPlatform.Abstractions.Policies;

/// <summary>Something a policy check found, with what to do about it.</summary>
/// <param name="Code">Stable identifier, e.g. <c>tlsrpt-missing</c>; clients branch on it.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.Finding")]
public sealed record Finding(
    [property: Id(0)] string Code,
    [property: Id(1)] FindingSeverity Severity,
    [property: Id(2)] string Message,
    [property: Id(3)] string Fix);
