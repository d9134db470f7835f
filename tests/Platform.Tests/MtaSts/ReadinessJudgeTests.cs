using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Grains.MtaSts;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Platform.Tests.MtaSts;

/// <summary>The judge alone, for what needs an MX probe result: the certificate check with and without one.</summary>
public class ReadinessJudgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Mx_hosts_that_presented_valid_certificates_pass()
    {
        var result = ReadinessJudge.Judge(Inputs(Probe(trusted: true, nameMatches: true)), new ReadinessOptions());

        var check = result.Checks.Single(c => c.Name == "mx-certificates");
        Assert.True(check.Passed, check.Evidence);
        Assert.Contains("mx.example.com", check.Evidence, StringComparison.Ordinal);
        Assert.True(result.Ready, string.Join("\n", result.Checks.Select(c => $"{c.Name}: {c.Evidence}")));
    }

    [Theory]
    [InlineData(false, true, true, "not trusted")]
    [InlineData(true, false, true, "not issued for its name")]
    [InlineData(true, true, false, "offers no STARTTLS")]
    public void An_mx_host_with_a_certificate_enforce_would_refuse_fails(bool trusted, bool nameMatches, bool startTls, string evidence)
    {
        var result = ReadinessJudge.Judge(Inputs(Probe(trusted, nameMatches, startTls)), new ReadinessOptions());

        var check = result.Checks.Single(c => c.Name == "mx-certificates");
        Assert.False(check.Passed);
        Assert.Contains(evidence, check.Evidence, StringComparison.Ordinal);
        Assert.False(result.Ready);
    }

    [Fact]
    public void Without_a_probe_the_certificates_are_not_judged_and_say_so()
    {
        var result = ReadinessJudge.Judge(Inputs(null), new ReadinessOptions());

        var check = result.Checks.Single(c => c.Name == "mx-certificates");
        Assert.True(check.Passed);
        Assert.StartsWith("No MX host has been probed", check.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_in_enforce_or_none_is_not_judged_ready()
    {
        var enforce = ReadinessJudge.Judge(Inputs(null) with { Mode = "enforce" }, new ReadinessOptions());

        Assert.False(enforce.Ready);
        Assert.Null(enforce.Since);
        Assert.Contains("mode enforce, not testing", enforce.Checks[0].Evidence, StringComparison.Ordinal);
    }

    private static MxProbe Probe(bool trusted, bool nameMatches, bool startTls = true) =>
        new(Now, [new MxAddressProbe("192.0.2.25", true, startTls, startTls ? "TLSv1.3" : null, null, null, startTls ? trusted : null, startTls ? nameMatches : null, 60, null, null)], null);

    private static ReadinessInputs Inputs(MxProbe? probe)
    {
        var certificate = new ProbedCertificate("CN=mta-sts.example.com", "CN=CA", ["mta-sts.example.com"], Now.AddDays(-1), Now.AddDays(90), "ab", []);
        var snapshot = new PolicySnapshot(
            Now, new TlsRptState("valid", [], true, null),
            new MtaStsState("valid", "id1", "testing", ["mx.example.com"], 604800, "valid", certificate),
            [new MxState("mx.example.com", 10, true, [], false, probe)], [], []);
        var from = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-14);
        var to = DateOnly.FromDateTime(Now.UtcDateTime);
        return new ReadinessInputs(
            "example.com", "hosted", "testing", Now.AddDays(-20), ["mx.example.com"], "id1", snapshot, from, to,
            [new OrganizationSpan("A", from, to.AddDays(-1), 14, 14), new OrganizationSpan("B", from, to.AddDays(-1), 14, 14)],
            10_000, 0, [], [], Now);
    }
}
