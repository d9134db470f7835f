namespace TlsRptPlatform.Protocol.Reports;

/// <summary>Hard bounds on untrusted report input (DESIGN D7). Bound from configuration section <c>Ingestion:Limits</c>.</summary>
public sealed class ReportLimits
{
    public const long DefaultMaxCompressedBytes = 5 * 1024 * 1024;
    public const long DefaultMaxDecompressedBytes = 50 * 1024 * 1024;

    /// <summary>Largest request or message body accepted, compressed or not.</summary>
    public long MaxCompressedBytes { get; set; } = DefaultMaxCompressedBytes;

    /// <summary>Largest report JSON after decompression.</summary>
    public long MaxDecompressedBytes { get; set; } = DefaultMaxDecompressedBytes;

    public int MaxJsonDepth { get; set; } = 64;

    public int MaxPolicies { get; set; } = 1_000;

    /// <summary>Total failure-detail entries over all policies of one report.</summary>
    public int MaxFailureDetails { get; set; } = 100_000;

    /// <summary>Longest string value kept from a report field.</summary>
    public int MaxStringLength { get; set; } = 4_096;
}
