namespace TlsRptPlatform.Abstractions.Reports;

public enum IngestOutcome
{
    Accepted,
    Duplicate,
    Rejected,
    UnknownToken,
}
