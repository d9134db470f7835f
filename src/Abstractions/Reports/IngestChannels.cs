namespace TlsRptPlatform.Abstractions.Reports;

/// <summary>How a report reached the platform; kept with each report and used as a metric tag.</summary>
public static class IngestChannels
{
    public const string Https = "https";
    public const string Smtp = "smtp";
    public const string Imap = "imap";

    /// <summary>A customer's own archive, uploaded for a domain: history, so it raises no alerts and leaves no rejection log entries.</summary>
    public const string Import = "import";

    public static bool IsMail(string channel) => channel is Smtp or Imap;
}
