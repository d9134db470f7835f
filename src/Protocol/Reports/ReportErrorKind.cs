namespace TlsRptPlatform.Protocol.Reports;

public enum ReportErrorKind
{
    /// <summary>Not JSON, not UTF-8, nested too deep, or not decompressible.</summary>
    Malformed,

    /// <summary>Well-formed JSON that is not a valid RFC 8460 report.</summary>
    Invalid,

    /// <summary>A configured size or count limit was exceeded.</summary>
    TooLarge,
}
