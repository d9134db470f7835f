namespace TlsRptPlatform.Abstractions.Reports;

/// <param name="ReportId">The archive id of the report (also for a duplicate); null when rejected.</param>
/// <param name="Problem">Why the report was rejected; null otherwise.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.IngestResult")]
public sealed record IngestResult(
    [property: Id(0)] IngestOutcome Outcome,
    [property: Id(1)] long? ReportId,
    [property: Id(2)] Rejection? Problem);
