namespace TlsRptPlatform.Grains.Alerts;

public sealed record SilentReporter(string Organization, DateTimeOffset LastReportAt, int DaysReported);
