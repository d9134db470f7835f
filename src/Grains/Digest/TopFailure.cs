namespace TlsRptPlatform.Grains.Digest;

/// <summary>A result type among a domain's most frequent failures of the week, with its meaning and fix (from <c>ResultTypes</c>).</summary>
public sealed record TopFailure(string ResultType, long Sessions, string? Meaning, string? Fix);
