namespace TlsRptPlatform.Api.Ingestion;

/// <summary>The ingestion memory budget has no room for a report now: HTTPS answers 503 with Retry-After, SMTP 451.</summary>
public sealed class IngestionBusyException(TimeSpan retryAfter)
    : Exception($"The platform is busy with other reports; try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} seconds.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
