namespace TlsRptPlatform.Protocol.Reports;

/// <summary>The only exception the report reader throws for bad input.</summary>
public sealed class ReportFormatException : Exception
{
    public ReportFormatException(ReportErrorKind kind, string path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Path = path;
    }

    public ReportFormatException()
        : this(ReportErrorKind.Malformed, "$", "The report is malformed.")
    {
    }

    public ReportFormatException(string message)
        : this(ReportErrorKind.Malformed, "$", message)
    {
    }

    public ReportFormatException(string message, Exception innerException)
        : this(ReportErrorKind.Malformed, "$", message, innerException)
    {
    }

    public ReportErrorKind Kind { get; }

    /// <summary>JSON path of the offending element, e.g. <c>$.policies[0].summary</c>.</summary>
    public string Path { get; }
}
