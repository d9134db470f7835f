namespace TlsRptPlatform.Protocol.Aggregation;

/// <summary>What one report adds to its domain's aggregates for the report's day.</summary>
/// <param name="Breakdown">Failed sessions per dimension and key; at most the configured number of keys per dimension.</param>
public sealed record ReportContribution(
    DateOnly Day,
    long SuccessfulSessions,
    long FailedSessions,
    IReadOnlyDictionary<Dimension, IReadOnlyDictionary<string, long>> Breakdown);
