using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Grains.Probes;

/// <summary>Configuration section <c>MxProbe</c>: how the MX hosts' STARTTLS and certificates are probed.</summary>
public sealed class MxProbeOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The SMTP port of MX hosts; 25 except in tests and benchmarks.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>Each step (connect, banner, EHLO, STARTTLS, handshake, QUIT) gets this long, on its own.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The whole probe of one domain, waits for busy addresses included. Hosts not probed within it keep their last
    /// result. At most 4 minutes: the probe grain's call may take 5 (<see cref="MaxDurationLimit"/>).
    /// </summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(2);

    public static readonly TimeSpan MaxDurationLimit = TimeSpan.FromMinutes(4);

    /// <summary>Scheduled checks probe only when the last probe is older than this (or the MX hosts changed).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Connections being probed at once on a silo, all domains together.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrent { get; set; } = 16;

    /// <summary>MX hosts probed per domain (the rest are skipped), and addresses per host.</summary>
    [Range(1, 100)]
    public int MaxHosts { get; set; } = 10;

    [Range(1, 100)]
    public int MaxAddressesPerHost { get; set; } = 4;

    /// <summary>
    /// Probe MX addresses in loopback, private, link-local and other internal ranges too (closed networks, tests). Off by
    /// default: a tenant chooses its domain's MX records, and must not make the platform connect into its own network.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>The name we give in EHLO; the machine's host name when unset. Some servers refuse a name that does not resolve.</summary>
    public string? EhloName { get; set; }
}
