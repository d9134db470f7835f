using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Api.Audit;

/// <summary>Configuration section <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    /// <summary><c>Audit:RetentionDays</c>: audit events older than this are deleted.</summary>
    [Range(1, 36_500)]
    public int RetentionDays { get; set; } = 400;

    /// <summary><c>Audit:PruneInterval</c>: how often each process prunes (idempotent, so every process may).</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(6);
}
