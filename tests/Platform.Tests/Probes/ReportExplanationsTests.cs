using TlsRptPlatform.Grains.Probes;
using static TlsRptPlatform.Platform.Tests.Probes.ProbeSnapshots;

namespace TlsRptPlatform.Platform.Tests.Probes;

public class ReportExplanationsTests
{
    [Fact]
    public void A_reported_failure_that_the_probe_no_longer_sees_says_so()
    {
        var renewed = With(null, null, Tls(days: 80));

        var explanation = ReportExplanations.Explain(new Dictionary<string, long> { ["certificate-expired mx.example.com"] = 12 }, new Dictionary<string, long>(), renewed).Single();

        Assert.Equal($"12 certificate-expired sessions were reported at mx.example.com; mx.example.com now presents a certificate valid until {Now.AddDays(80).AddHours(1):yyyy-MM-dd}: it was renewed since.", explanation.Text);
    }

    [Fact]
    public void Without_the_pair_breakdown_each_mx_is_explained_with_its_failure_count_largest_first()
    {
        var policy = With(null, null, Tls(nameMatches: false));
        var byMx = new Dictionary<string, long> { ["mx.example.com"] = 5, ["old.example.com"] = 9, ["(not reported)"] = 40 };

        var explanations = ReportExplanations.Explain(new Dictionary<string, long>(), byMx, policy);

        Assert.Equal(["old.example.com", "mx.example.com"], explanations.Select(e => e.ReceivingMx));
        Assert.Null(explanations[0].ResultType);
        Assert.Equal("9 failed sessions were reported at old.example.com; old.example.com is not one of the domain's MX hosts now.", explanations[0].Text);
        Assert.Contains("not naming it", explanations[1].ProbeSays, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_mismatch_names_what_the_certificate_is_for()
    {
        var misnamed = Tls(nameMatches: false);
        var policy = With(null, null, misnamed with { Certificate = misnamed.Certificate! with { DnsNames = ["mail.other.test"] } });

        var explanation = ReportExplanations.Explain(new Dictionary<string, long> { ["certificate-host-mismatch mx.example.com"] = 3 }, new Dictionary<string, long>(), policy).Single();

        Assert.Equal("mx.example.com presents a certificate for mail.other.test, which does not name mx.example.com.", explanation.ProbeSays);
    }
}
