using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Grains.Alerts;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Grains.Probes;
using static TlsRptPlatform.Platform.Tests.Probes.ProbeSnapshots;

namespace TlsRptPlatform.Platform.Tests.Probes;

/// <summary>How probe results are folded into the policy state, its history and the alerts.</summary>
public class ProbeHistoryTests
{
    [Fact]
    public void A_dns_check_keeps_the_last_probe_and_its_findings()
    {
        var probed = With(null, null, Tls(days: 3));
        probed = probed with { Findings = MxProbeJudge.Judge(probed) };
        var check = probed with { CheckedAt = Now.AddHours(6), Mx = [.. probed.Mx.Select(m => m with { Probe = null })], Findings = [], ProbedAt = null };

        var (current, _) = PolicyHistory.Merge(probed, check);

        Assert.NotNull(current.Mx[0].Probe);
        Assert.Equal(Now, current.ProbedAt);
        Assert.Contains(current.Findings, f => f.Code == "mx-certificate-expires-soon");
    }

    [Fact]
    public void A_new_error_of_a_probe_is_what_policy_broken_fires_for()
    {
        var healthy = With(null, null, Tls());
        var (broken, _) = PolicyHistory.MergeProbe(healthy, new Dictionary<string, MxProbe>
        {
            ["mx.example.com"] = new(Now, [Tls(days: -1)], null),
        }, Now);

        var errors = PolicyAlerts.NewErrors(healthy, broken);

        Assert.Equal(["mx-certificate-expired"], errors.Select(e => e.Code));
    }

    [Fact]
    public void A_renewed_certificate_is_a_change_and_the_first_probe_is_not()
    {
        var unprobed = With(null, null) with { Mx = [new MxState("mx.example.com", 10, null, [], false)] };
        var (first, firstChanges) = PolicyHistory.MergeProbe(unprobed, Probe(Tls(sha: "aa")), Now);
        var (_, renewal) = PolicyHistory.MergeProbe(first, Probe(Tls(sha: "bb")), Now.AddDays(1));

        Assert.Empty(firstChanges);
        var change = Assert.Single(renewal);
        Assert.Equal(("mx-certificate.mx.example.com", "aa", "bb"), (change.What, change.OldValue, change.NewValue));
    }

    [Fact]
    public void An_expiring_certificate_is_due_once_per_step()
    {
        Assert.Empty(CertificateExpiry.Due(With(null, null, Tls(days: 31)), "example.com", 30, Now));
        Assert.Equal(30, CertificateExpiry.Due(With(null, null, Tls(days: 30)), "example.com", 30, Now).Single().Threshold);
        Assert.Equal(30, CertificateExpiry.Due(With(null, null, Tls(days: 8)), "example.com", 30, Now).Single().Threshold);
        Assert.Equal(7, CertificateExpiry.Due(With(null, null, Tls(days: 7)), "example.com", 30, Now).Single().Threshold);
        Assert.Equal(1, CertificateExpiry.Due(With(null, null, Tls(days: 1)), "example.com", 30, Now).Single().Threshold);
        Assert.Equal(0, CertificateExpiry.Due(With(null, null, Tls(days: -5)), "example.com", 30, Now).Single().Threshold);
        Assert.Equal(7, CertificateExpiry.Due(With(null, null, Tls(days: 5)), "example.com", 14, Now).Single().Threshold);
        // The MTA-STS policy host's certificate counts too, under its own name.
        var policyHost = With(null, null) with { Mx = [] };
        policyHost = policyHost with { MtaSts = policyHost.MtaSts with { Certificate = Tls(days: 2).Certificate } };
        Assert.Equal(("mta-sts.example.com", 7), CertificateExpiry.Due(policyHost, "example.com", 30, Now).Select(c => (c.Host, c.Threshold)).Single());
        // Two addresses presenting the same certificate are one certificate.
        Assert.Single(CertificateExpiry.Due(With(null, null, Tls(days: 5), Tls(days: 5, address: "192.0.2.2")), "example.com", 30, Now));
    }

    private static Dictionary<string, MxProbe> Probe(MxAddressProbe address) => new() { ["mx.example.com"] = new MxProbe(Now, [address], null) };
}
