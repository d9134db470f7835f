namespace TlsRptPlatform.Protocol.Aggregation;

/// <summary>What one report adds to its domain's aggregates for the report's day.</summary>
/// <param name="Breakdown">Failed sessions per dimension and key; at most the configured number of keys per dimension.</param>
/// <param name="Facets">
/// Failed sessions by result type, receiving MX and sending IP together (at most the configured number of
/// combinations; the rest under <c>(other)</c> in all three), what filtered queries read.
/// </param>
public sealed record ReportContribution(
    DateOnly Day,
    long SuccessfulSessions,
    long FailedSessions,
    IReadOnlyDictionary<Dimension, IReadOnlyDictionary<string, long>> Breakdown,
    IReadOnlyList<FailureFacet>? Facets = null);
