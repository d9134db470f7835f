namespace TlsRptPlatform.Protocol.Aggregation;

/// <summary>
/// Failed sessions of one report with the same result type, receiving MX and sending IP: the three fields the
/// failure details carry together, kept together so that the dashboard can filter by any of them at once.
/// </summary>
public sealed record FailureFacet(string ResultType, string ReceivingMx, string SendingIp, long Sessions);
