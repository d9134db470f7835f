using System.Globalization;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;

namespace TlsRptPlatform.Grains.Probes;

/// <summary>
/// Turns the probe results of a domain's MX hosts into findings in the DNS findings' form. Pure, so each rule is
/// unit-tested; one finding per host and code, naming the addresses it concerns.
/// </summary>
public static class MxProbeJudge
{
    private static readonly HashSet<string> ObsoleteVersions = new(StringComparer.Ordinal) { "SSLv2", "SSLv3", "TLSv1", "TLSv1.1" };

    public static IReadOnlyList<Finding> Judge(PolicySnapshot policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var enforce = policy.MtaSts.Mode == "enforce";
        var findings = new List<Finding>();
        foreach (var mx in policy.Mx.Where(m => m.Probe is not null))
        {
            findings.AddRange(JudgeHost(mx, mx.Probe!, enforce));
        }

        return findings;
    }

    private static IEnumerable<Finding> JudgeHost(MxState mx, MxProbe probe, bool enforce)
    {
        var host = mx.Host;
        if (probe.Error is not null)
        {
            yield return new Finding(ProbeFindings.Unreachable, FindingSeverity.Error, $"{host} could not be probed: {probe.Error}",
                $"Publish A/AAAA records for {host}, or remove it from the MX records.");
            yield break;
        }

        if (mx.MatchesMtaSts == false)
        {
            yield return new Finding(ProbeFindings.NotInMtaStsPolicy, enforce ? FindingSeverity.Error : FindingSeverity.Warning,
                $"{host} receives mail for the domain but matches no mx line of the MTA-STS policy"
                    + (enforce ? ", so MTA-STS senders refuse to deliver to it." : "."),
                $"Add 'mx: {host}' to the MTA-STS policy (and change the id of the _mta-sts TXT record), or remove {host} from the MX records.");
        }

        var unreachable = probe.Addresses.Where(a => !a.Reachable).ToList();
        if (unreachable.Count > 0)
        {
            var all = unreachable.Count == probe.Addresses.Count;
            yield return new Finding(ProbeFindings.Unreachable, all ? FindingSeverity.Error : FindingSeverity.Warning,
                $"{host} did not answer SMTP at {Addresses(unreachable)}: {unreachable[0].Error}",
                $"Make sure {host} accepts SMTP connections on port 25 from the internet at every address it publishes.");
        }

        var plain = probe.Addresses.Where(a => a.StartTls == false).ToList();
        if (plain.Count > 0)
        {
            yield return new Finding(ProbeFindings.StartTlsMissing, FindingSeverity.Error,
                $"{host} does not offer STARTTLS at {Addresses(plain)}: mail to it travels unencrypted, and MTA-STS and DANE senders refuse to deliver.",
                $"Enable STARTTLS on {host} with a certificate from a public CA that names {host}.");
        }

        var failed = probe.Addresses.Where(a => a.StartTls == true && a.TlsVersion is null).ToList();
        if (failed.Count > 0)
        {
            yield return new Finding(ProbeFindings.HandshakeFailed, FindingSeverity.Error,
                $"{host} offers STARTTLS, but the TLS handshake failed at {Addresses(failed)}: {failed[0].Error}",
                $"Check the TLS configuration of {host}: protocol versions TLS 1.2 and 1.3, a certificate and its key.");
        }

        foreach (var finding in JudgeTls(host, probe.Addresses.Where(a => a.TlsVersion is not null).ToList(), mx.MatchesMtaSts is not null))
        {
            yield return finding;
        }
    }

    private static IEnumerable<Finding> JudgeTls(string host, IReadOnlyList<MxAddressProbe> tls, bool mtaSts)
    {
        var expired = tls.Where(a => a.DaysUntilExpiry < 0).ToList();
        if (expired.Count > 0)
        {
            yield return new Finding(ProbeFindings.Expired, FindingSeverity.Error,
                $"{host} presents a certificate that expired on {Day(expired[0])} (at {Addresses(expired)}); MTA-STS senders refuse to deliver.",
                $"Renew the certificate of {host} and reload the mail server.");
        }

        var soon = tls.Where(a => a.DaysUntilExpiry is >= 0 and <= ProbeFindings.ExpiryWarningDays).ToList();
        if (soon.Count > 0)
        {
            var days = soon.Min(a => a.DaysUntilExpiry!.Value);
            yield return new Finding(ProbeFindings.ExpiresSoon, days <= ProbeFindings.ExpiryErrorDays ? FindingSeverity.Error : FindingSeverity.Warning,
                string.Create(CultureInfo.InvariantCulture, $"The certificate of {host} expires on {Day(soon.MinBy(a => a.DaysUntilExpiry)!)}, in {days} days (at {Addresses(soon)})."),
                $"Renew the certificate of {host} before it expires; check that automatic renewal works and reloads the mail server.");
        }

        // Expired certificates fail validation too; that finding says it already.
        var untrusted = tls.Where(a => a.Trusted == false && a.DaysUntilExpiry >= 0).ToList();
        if (untrusted.Count > 0)
        {
            var dane = untrusted.All(a => a.Dane == "match");
            yield return new Finding(ProbeFindings.Untrusted, Severity(mtaSts, dane),
                $"The certificate of {host} (issued by {untrusted[0].Certificate?.Issuer}) does not validate against public CAs at {Addresses(untrusted)}"
                    + (mtaSts ? "; MTA-STS senders refuse to deliver." : dane ? "; DANE senders accept it through its TLSA record." : "."),
                $"Use a certificate from a public CA (e.g. Let's Encrypt) for {host}, and send the intermediate certificates with it.");
        }

        var misnamed = tls.Where(a => a.NameMatches == false).ToList();
        if (misnamed.Count > 0)
        {
            var names = misnamed[0].Certificate?.DnsNames is { Count: > 0 } list ? string.Join(", ", list) : misnamed[0].Certificate?.Subject;
            var dane = misnamed.All(a => a.Dane == "match");
            yield return new Finding(ProbeFindings.NameMismatch, Severity(mtaSts, dane),
                $"{host} presents a certificate for {names}, which does not name {host} (at {Addresses(misnamed)}).",
                $"Use a certificate whose subjectAltName lists {host} (or *.{ParentOf(host)}).");
        }

        var mismatched = tls.Where(a => a.Dane == "mismatch").ToList();
        if (mismatched.Count > 0)
        {
            yield return new Finding(ProbeFindings.TlsaMismatch, FindingSeverity.Error,
                $"The certificate chain of {host} matches none of its DNSSEC-signed TLSA records at _25._tcp.{host} (at {Addresses(mismatched)}); DANE senders refuse to deliver.",
                $"Publish a TLSA record for the current certificate (e.g. 3 1 1 with the SHA-256 of its public key) before switching keys, then remove the old one.");
        }

        var old = tls.Where(a => ObsoleteVersions.Contains(a.TlsVersion!)).ToList();
        if (old.Count > 0)
        {
            yield return new Finding(ProbeFindings.TlsVersionObsolete, FindingSeverity.Warning,
                $"{host} negotiated {old[0].TlsVersion} (at {Addresses(old)}); TLS versions below 1.2 are deprecated (RFC 8996) and many senders refuse them.",
                $"Enable TLS 1.2 and 1.3 on {host}.");
        }
    }

    /// <summary>A bad certificate stops MTA-STS senders; without MTA-STS most senders deliver anyway, and DANE may vouch for it.</summary>
    private static FindingSeverity Severity(bool mtaSts, bool daneMatches) =>
        mtaSts ? FindingSeverity.Error : daneMatches ? FindingSeverity.Info : FindingSeverity.Warning;

    private static string Addresses(IEnumerable<MxAddressProbe> addresses) => string.Join(", ", addresses.Select(a => a.Address));

    private static string Day(MxAddressProbe address) =>
        address.Certificate?.NotAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "?";

    private static string ParentOf(string host) => host.Contains('.', StringComparison.Ordinal) ? host[(host.IndexOf('.', StringComparison.Ordinal) + 1)..] : host;
}
