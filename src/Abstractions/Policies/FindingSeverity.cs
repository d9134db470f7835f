namespace TlsRptPlatform.Abstractions.Policies;

public enum FindingSeverity
{
    Info,
    Warning,
    Error,
}
