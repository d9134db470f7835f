namespace TlsRptPlatform.Storage.Rejections;

/// <summary>A refused submission as the rejection log keeps it; <see cref="Kind"/> is the problem kind's name.</summary>
public sealed record StoredRejection(DateTimeOffset At, string Kind, string Path, string Detail, string Channel, string? Source, long Bytes);
