namespace TlsRptPlatform.Abstractions.Reports;

public enum IngestOutcome
{
    Accepted,
    Duplicate,
    Rejected,
    UnknownToken,

    /// <summary>Not decided now, e.g. a DKIM-requiring domain whose signature could not be checked (its key's lookup failed): the sender retries.</summary>
    TryLater,
}
