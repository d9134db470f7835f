using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Storage.Reports;

/// <summary><c>Storage:GroupCommit</c>: how reports of many domains share one durable transaction (<see cref="ArchiveBatcher"/>).</summary>
public sealed class GroupCommitOptions
{
    /// <summary>Most reports in one transaction. 1 turns group commit off: every report commits alone, as before.</summary>
    [Range(1, 1_000)]
    public int MaxReports { get; set; } = 64;

    /// <summary>Transactions in flight at once on PostgreSQL; SQLite has one writer, so one there whatever this says.</summary>
    /// <remarks>Two keep PostgreSQL busy while one commits; more split the same reports into smaller transactions, each
    /// with its own commit, round trip and wake-up (docs/BENCHMARKS.md, "Two committers").</remarks>
    [Range(1, 64)]
    public int Committers { get; set; } = 2;

    /// <summary>Reports waiting for a transaction; a caller beyond this waits for room (back-pressure, bounded memory).</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1_024;
}
