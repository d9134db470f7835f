namespace TlsRptPlatform.Storage.Imports;

/// <param name="HeartbeatAt">Last sign of life from the process that holds the upload.</param>
public sealed record ImportRecord(
    string Id,
    string TenantId,
    string Domain,
    string FileName,
    string Format,
    ImportStatus Status,
    long Bytes,
    ImportProgress Progress,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset HeartbeatAt);
