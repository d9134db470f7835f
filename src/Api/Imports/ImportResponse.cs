using TlsRptPlatform.Storage.Imports;

namespace TlsRptPlatform.Api.Imports;

/// <summary>An import job as the API shows it.</summary>
/// <param name="Status"><c>queued</c>, <c>running</c>, <c>completed</c>, <c>failed</c> or <c>interrupted</c>.</param>
/// <param name="Progress">Share of the upload read, 0–1.</param>
/// <param name="Accepted">Reports archived for the first time.</param>
/// <param name="Duplicates">Reports that were already archived (same organization and report-id): counted once.</param>
/// <param name="Refused">Items not imported: reports the platform refuses (with the reason a sender would get) and messages or files without a report.</param>
/// <param name="Refusals">Per reason: how many, and the first five items with their detail.</param>
/// <param name="Error">Why a failed or interrupted job stopped; what it imported before stands.</param>
public sealed record ImportResponse(
    string Id,
    string Domain,
    string FileName,
    string Format,
    string Status,
    long Bytes,
    long ProcessedBytes,
    double Progress,
    long Accepted,
    long Duplicates,
    long Refused,
    IReadOnlyList<ImportRefusal> Refusals,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public static ImportResponse Of(ImportRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var p = job.Progress;
        var progress = job.Status == ImportStatus.Completed ? 1 : job.Bytes == 0 ? 0 : Math.Round((double)p.ProcessedBytes / job.Bytes, 4);
        return new ImportResponse(
            job.Id, job.Domain, job.FileName, job.Format, ImportStore.Name(job.Status), job.Bytes, p.ProcessedBytes, progress,
            p.Accepted, p.Duplicates, p.Refused, p.Refusals, job.Error, job.CreatedAt, job.StartedAt, job.FinishedAt);
    }
}
