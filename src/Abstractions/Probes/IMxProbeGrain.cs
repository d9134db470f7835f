using TlsRptPlatform.Abstractions.Policies;

namespace TlsRptPlatform.Abstractions.Probes;

/// <summary>
/// Probes the MX hosts of one domain (keyed by the domain name) over SMTP and TLS, outside the domain grain, so that
/// minutes of network waits never hold up the domain's reports; it hands the result to the domain grain to record.
/// </summary>
[Alias("TlsRptPlatform.IMxProbeGrain")]
public interface IMxProbeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Probes the MX hosts of the domain's last policy check and returns the policy state with the result; null when
    /// the domain is not registered or has not been checked. Without <paramref name="force"/> it probes only when the
    /// last probe is older than <c>MxProbe:Interval</c> or the MX hosts changed since.
    /// </summary>
    /// <remarks>Longer than Orleans' default 30 s: a probe may take up to <c>MxProbe:MaxDuration</c> (at most 4 minutes).</remarks>
    [Alias("Probe")]
    [ResponseTimeout("00:05:00")]
    Task<PolicySnapshot?> ProbeAsync(bool force);
}
