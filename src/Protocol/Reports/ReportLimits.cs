namespace TlsRptPlatform.Protocol.Reports;

/// <summary>Hard bounds on untrusted report input (DESIGN D7). Bound from configuration section <c>Ingestion:Limits</c>.</summary>
public sealed class ReportLimits
{
    public const long DefaultMaxCompressedBytes = 5 * 1024 * 1024;
    public const long DefaultMaxDecompressedBytes = 50 * 1024 * 1024;

    /// <summary>
    /// Ceiling on any one session count in a report: far above what the largest sender reports for a domain in a day
    /// (Google's biggest reports count millions), and low enough that no sum the platform forms can overflow 64 bits.
    /// </summary>
    public const long MaxSessionCount = 1_000_000_000_000;

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

    /// <summary>
    /// One memory budget for report bodies and their decompressed JSON in flight, across HTTPS and SMTP together.
    /// Must be at least <see cref="MaxDecompressedBytes"/>; peak memory is about twice this (parsing a report takes
    /// about as much again as its JSON).
    /// </summary>
    public long MaxInflightDecompressedBytes { get; set; } = 128 * 1024 * 1024;

    /// <summary>
    /// How long an HTTPS report body may take to arrive, whole; slower → 408. Kestrel's minimum data rate alone (240
    /// bytes/s) would let a client hold a connection and its buffer for hours.
    /// </summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a report waits for room in the budget before it is turned away (HTTPS 503, SMTP 451).</summary>
    public TimeSpan InflightWait { get; set; } = TimeSpan.FromSeconds(5);
}
