using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Api.Imports;

/// <summary>
/// Configuration section <c>Imports</c>: bulk imports of report archives. Disk use is bounded by
/// <see cref="MaxQueuedJobs"/> × <see cref="MaxUploadBytes"/> per process, memory by the ingestion budget.
/// </summary>
public sealed class ImportOptions
{
    /// <summary><c>Imports:MaxUploadBytes</c>: the largest archive accepted (413 beyond).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary><c>Imports:MaxMessageBytes</c>: the largest <c>.eml</c> file inside a zip.</summary>
    [Range(1024, int.MaxValue)]
    public long MaxMessageBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary><c>Imports:MaxItems</c>: messages or files per archive.</summary>
    [Range(1, int.MaxValue)]
    public int MaxItems { get; set; } = 200_000;

    /// <summary><c>Imports:MaxQueuedJobs</c>: jobs a process holds at once, the running one included (503 beyond).</summary>
    [Range(1, 1_000)]
    public int MaxQueuedJobs { get; set; } = 4;

    /// <summary><c>Imports:MaxActiveJobsPerTenant</c>: a tenant's queued and running jobs (429 beyond), so one tenant cannot hold the queue.</summary>
    [Range(1, 1_000)]
    public int MaxActiveJobsPerTenant { get; set; } = 2;

    /// <summary><c>Imports:SpoolDirectory</c>: where uploads wait for their job; default <c>{Platform:DataDirectory}/imports</c>.</summary>
    public string? SpoolDirectory { get; set; }
}
