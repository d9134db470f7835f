namespace TlsRptPlatform.Grains.Policies;

/// <summary>Configuration section <c>MtaSts</c>: how policy files are fetched (RFC 8461 §3.3).</summary>
public sealed class MtaStsOptions
{
    /// <summary>Port of <c>https://mta-sts.&lt;domain&gt;/</c>; 443 except in tests.</summary>
    public int PolicyPort { get; set; } = 443;

    /// <summary>A PEM bundle of CA certificates trusted in addition to the system roots (private CAs, tests).</summary>
    public string? AdditionalTrustedRoots { get; set; }

    /// <summary>The whole fetch: connect, TLS, response. RFC 8461 §3.3 asks for a short time-out.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
