using System.Globalization;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Abstractions.Reports;

namespace TlsRptPlatform.Grains.Probes;

/// <summary>
/// Sets what senders reported beside what the probe sees now: "412 certificate-expired sessions were reported at
/// mx2.example.com; mx2.example.com presents a certificate that expired on 2026-11-20." Pure; the one place these
/// sentences are written, for the API and the dashboard alike.
/// </summary>
public static class ReportExplanations
{
    public const int MaxExplanations = 20;

    /// <param name="byResultTypeAtMx">Failed sessions keyed <c>"type host"</c>; empty for reports stored before that breakdown.</param>
    /// <param name="byReceivingMx">The fallback: failed sessions per MX without the result type.</param>
    public static IReadOnlyList<ReportExplanation> Explain(
        IReadOnlyDictionary<string, long> byResultTypeAtMx, IReadOnlyDictionary<string, long> byReceivingMx, PolicySnapshot? policy)
    {
        ArgumentNullException.ThrowIfNull(byResultTypeAtMx);
        ArgumentNullException.ThrowIfNull(byReceivingMx);
        var failures = byResultTypeAtMx.Count > 0
            ? byResultTypeAtMx.Select(p => Split(p.Key) is var (type, mx) ? (Type: (string?)type, Mx: mx, Sessions: p.Value) : default)
            : byReceivingMx.Select(p => (Type: (string?)null, Mx: p.Key, Sessions: p.Value));
        return failures
            .Where(f => f.Mx is not null && f.Sessions > 0 && !f.Mx.StartsWith('('))
            .OrderByDescending(f => f.Sessions).ThenBy(f => f.Mx, StringComparer.Ordinal)
            .Take(MaxExplanations)
            .Select(f =>
            {
                var says = ProbeSays(f.Type, f.Mx, policy);
                var reported = f.Type is null
                    ? string.Create(CultureInfo.InvariantCulture, $"{f.Sessions} failed sessions were reported at {f.Mx}")
                    : string.Create(CultureInfo.InvariantCulture, $"{f.Sessions} {f.Type} sessions were reported at {f.Mx}");
                return new ReportExplanation(f.Type, f.Mx, f.Sessions, says, $"{reported}; {says}");
            })
            .ToList();
    }

    private static (string Type, string Mx)? Split(string key)
    {
        var space = key.LastIndexOf(' ');
        return space <= 0 ? null : (key[..space], key[(space + 1)..]);
    }

    /// <summary>The part of the probe's view that speaks to the reported result type (RFC 8460 §4.3), else the whole of it.</summary>
    private static string ProbeSays(string? type, string host, PolicySnapshot? policy)
    {
        var mx = policy?.Mx.FirstOrDefault(m => string.Equals(m.Host, host, StringComparison.OrdinalIgnoreCase));
        if (mx is null)
        {
            return $"{host} is not one of the domain's MX hosts now.";
        }

        if (mx.Probe is not { } probe)
        {
            return $"{host} has not been probed yet.";
        }

        if (probe.Error is not null || probe.Addresses.Count == 0)
        {
            return probe.Error ?? $"{host} has no address to probe.";
        }

        var down = probe.Addresses.FirstOrDefault(a => !a.Reachable);
        if (down is not null && probe.Addresses.All(a => !a.Reachable))
        {
            return $"{host} did not answer SMTP when probed ({down.Error})";
        }

        var plain = probe.Addresses.FirstOrDefault(a => a.StartTls == false);
        if (plain is not null)
        {
            return $"{host} does not offer STARTTLS at {plain.Address}.";
        }

        var tls = probe.Addresses.Where(a => a.Certificate is not null).ToList();
        if (tls.Count == 0)
        {
            return $"{host} offers STARTTLS, but the handshake failed ({probe.Addresses[0].Error})";
        }

        var certificate = tls.OrderBy(a => a.DaysUntilExpiry).First();
        var notAfter = Day(certificate.Certificate!.NotAfter);
        return type switch
        {
            "certificate-expired" => certificate.DaysUntilExpiry < 0
                ? $"{host} presents a certificate that expired on {notAfter}."
                : $"{host} now presents a certificate valid until {notAfter}: it was renewed since.",
            "certificate-host-mismatch" => tls.FirstOrDefault(a => a.NameMatches == false) is { } misnamed
                ? $"{host} presents a certificate for {Names(misnamed.Certificate!)}, which does not name {host}."
                : $"{host} now presents a certificate that names it.",
            "certificate-not-trusted" or "validation-failure" => tls.FirstOrDefault(a => a.Trusted == false) is { } untrusted
                ? $"{host} presents a certificate issued by {untrusted.Certificate!.Issuer}, which does not validate against public CAs."
                : $"{host} now presents a certificate that validates, issued by {certificate.Certificate.Issuer}.",
            "starttls-not-supported" => $"{host} offers STARTTLS now.",
            "tlsa-invalid" or "dane-required" or "dnssec-invalid" => tls.Any(a => a.Dane == "mismatch")
                ? $"the certificate of {host} matches none of its TLSA records."
                : tls.Any(a => a.Dane == "match") ? $"the certificate of {host} matches its TLSA records now." : $"{host} has no DNSSEC-validated TLSA record now.",
            "sts-policy-invalid" or "sts-webpki-invalid" or "sts-policy-fetch-error" => mx.MatchesMtaSts == false
                ? $"{host} is not in the MTA-STS policy's mx list."
                : $"the MTA-STS policy is {policy!.MtaSts.Status} and {(mx.MatchesMtaSts == true ? "covers" : "does not apply to")} {host}.",
            _ => Overview(host, certificate, notAfter),
        };
    }

    private static string Overview(string host, MxAddressProbe tls, string notAfter) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{host} offers STARTTLS ({tls.TlsVersion}) with a certificate {(tls.DaysUntilExpiry < 0 ? "that expired on" : "valid until")} {notAfter}, "
            + $"{(tls.Trusted == true ? "trusted" : "not trusted")} and {(tls.NameMatches == true ? "naming it" : "not naming it")}.");

    private static string Names(ProbedCertificate certificate) =>
        certificate.DnsNames.Count > 0 ? string.Join(", ", certificate.DnsNames) : certificate.Subject;

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
