using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Imports;

/// <summary>Bounds on what one archive item may take before it is parsed; the report limits bound the rest.</summary>
/// <param name="Reports">The same limits as any delivered report: a gzip entry is read up to its compressed limit, a JSON entry up to the decompressed one.</param>
/// <param name="MaxMessageBytes">A report e-mail inside a zip is read whole into memory; larger ones are refused.</param>
/// <param name="MaxItems">Items past this many stop the import: an archive is a customer's history, not a way to queue unbounded work.</param>
public sealed record ArchiveLimits(ReportLimits Reports, long MaxMessageBytes, int MaxItems);
