namespace TlsRptPlatform.Abstractions.Reports;

/// <param name="Id">The platform's archive id, used in <c>/reports/{id}/raw</c>.</param>
/// <param name="ReportId">The sender's <c>report-id</c>.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.ReportInfo")]
public sealed record ReportInfo(
    [property: Id(0)] long Id,
    [property: Id(1)] string Organization,
    [property: Id(2)] string ReportId,
    [property: Id(3)] DateTimeOffset Start,
    [property: Id(4)] DateTimeOffset End,
    [property: Id(5)] DateTimeOffset ReceivedAt,
    [property: Id(6)] string Channel,
    [property: Id(7)] string? Submitter,
    [property: Id(8)] string? Dkim,
    [property: Id(9)] long SuccessfulSessions,
    [property: Id(10)] long FailedSessions,
    [property: Id(11)] IReadOnlyList<string> Deviations);
