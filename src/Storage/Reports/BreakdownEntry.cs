using TlsRptPlatform.Protocol.Aggregation;

namespace TlsRptPlatform.Storage.Reports;

public sealed record BreakdownEntry(Dimension Dimension, string Key, long Sessions);
