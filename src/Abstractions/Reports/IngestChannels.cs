namespace TlsRptPlatform.Abstractions.Reports;

/// <summary>How a report reached the platform; kept with each report and used as a metric tag.</summary>
public static class IngestChannels
{
    public const string Https = "https";
    public const string Smtp = "smtp";
    public const string Imap = "imap";

    public static bool IsMail(string channel) => channel is Smtp or Imap;
}
