namespace TlsRptPlatform.Abstractions.Reports;

/// <summary>Why a submission was refused. Each kind maps to one HTTP status and one stable problem type.</summary>
public enum ProblemKind
{
    MalformedReport,
    InvalidReport,
    ReportTooLarge,
    UnsupportedMediaType,
    PolicyDomainMismatch,
    ReportOutsideRetention,
    DkimRequired,
    ReportInFuture,
}
