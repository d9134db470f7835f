namespace TlsRptPlatform.Storage.Imports;

/// <summary>How far a job has come: bytes of the upload read, and what became of the items read so far.</summary>
public sealed record ImportProgress(long ProcessedBytes, long Accepted, long Duplicates, long Refused, IReadOnlyList<ImportRefusal> Refusals)
{
    public static ImportProgress None { get; } = new(0, 0, 0, 0, []);
}
