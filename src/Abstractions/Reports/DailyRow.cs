namespace TlsRptPlatform.Abstractions.Reports;

[GenerateSerializer, Immutable, Alias("TlsRptPlatform.DailyRow")]
public sealed record DailyRow(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] long Reports,
    [property: Id(2)] long SuccessfulSessions,
    [property: Id(3)] long FailedSessions);
