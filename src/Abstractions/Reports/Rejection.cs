namespace TlsRptPlatform.Abstractions.Reports;

/// <summary>A refused submission, as the tenant sees it in the rejection log.</summary>
/// <param name="Path">JSON path of the offending field, <c>$</c> for the body as a whole.</param>
/// <param name="Source">Where it came from: the client address for HTTPS, the sender for e-mail.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.Rejection")]
public sealed record Rejection(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] ProblemKind Kind,
    [property: Id(2)] string Path,
    [property: Id(3)] string Detail,
    [property: Id(4)] string Channel,
    [property: Id(5)] string? Source,
    [property: Id(6)] long Bytes);
