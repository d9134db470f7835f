namespace TlsRptPlatform.Storage.Reports;

/// <summary>One archived report as the reporters view needs it.</summary>
public sealed record ReporterRow(string Organization, DateTimeOffset Start, DateTimeOffset ReceivedAt, string Channel, string? Dkim);
