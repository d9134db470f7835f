namespace TlsRptPlatform.Api.RateLimiting;

/// <summary>Configuration section <c>Ingestion:RateLimit</c>; 0 turns a limit off.</summary>
public sealed class RateLimitOptions
{
    public int PerTokenPerMinute { get; set; } = 60;

    /// <summary>Large senders deliver thousands of reports from a few addresses.</summary>
    public int PerAddressPerMinute { get; set; } = 20_000;

    /// <summary>Tenant API requests per API key (<c>Api:RateLimit:PerKeyPerMinute</c>).</summary>
    public int PerApiKeyPerMinute { get; set; } = 600;
}
