using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Grains.Probes;
using static TlsRptPlatform.Platform.Tests.Probes.ProbeSnapshots;

namespace TlsRptPlatform.Platform.Tests.Probes;

/// <summary>
/// The probe judge's rules on hand-made results. TLS below 1.2 is tested here only: Debian's OpenSSL refuses TLS 1.0
/// and 1.1 at its default security level, so a test server cannot offer them.
/// </summary>
public class MxProbeJudgeTests
{
    [Theory]
    [InlineData("TLSv1", true)]
    [InlineData("TLSv1.1", true)]
    [InlineData("TLSv1.2", false)]
    [InlineData("TLSv1.3", false)]
    public void Versions_below_tls_1_2_are_obsolete(string version, bool obsolete)
    {
        var findings = MxProbeJudge.Judge(With(null, null, Tls(version)));

        Assert.Equal(obsolete, findings.Any(f => f.Code == "mx-tls-version-obsolete" && f.Severity == FindingSeverity.Warning));
    }

    [Theory]
    [InlineData(31, null)]
    [InlineData(30, FindingSeverity.Warning)]
    [InlineData(8, FindingSeverity.Warning)]
    [InlineData(7, FindingSeverity.Error)]
    [InlineData(0, FindingSeverity.Error)]
    public void Expiry_is_a_warning_within_30_days_and_an_error_within_7(int days, FindingSeverity? severity)
    {
        var finding = MxProbeJudge.Judge(With(null, null, Tls(days: days))).SingleOrDefault(f => f.Code == "mx-certificate-expires-soon");

        Assert.Equal(severity, finding?.Severity);
    }

    [Fact]
    public void A_bad_certificate_is_an_error_under_mta_sts_a_warning_without_and_informational_when_dane_vouches_for_it()
    {
        Assert.Equal(FindingSeverity.Error, Severity(With("testing", true, Tls(trusted: false)), "mx-certificate-untrusted"));
        Assert.Equal(FindingSeverity.Warning, Severity(With(null, null, Tls(trusted: false)), "mx-certificate-untrusted"));
        Assert.Equal(FindingSeverity.Info, Severity(With(null, null, Tls(nameMatches: false, dane: "match")), "mx-certificate-name-mismatch"));
    }

    [Fact]
    public void An_mx_outside_the_policy_is_an_error_only_in_enforce_mode()
    {
        Assert.Equal(FindingSeverity.Error, Severity(With("enforce", false, Tls()), "mx-not-in-mtasts-policy"));
        Assert.Equal(FindingSeverity.Warning, Severity(With("testing", false, Tls()), "mx-not-in-mtasts-policy"));
        Assert.DoesNotContain(MxProbeJudge.Judge(With("enforce", true, Tls())), f => f.Code == "mx-not-in-mtasts-policy");
    }

    [Fact]
    public void One_unreachable_address_of_two_is_a_warning_both_an_error_and_one_finding_names_both()
    {
        var down = new MxAddressProbe("192.0.2.9", false, null, null, null, null, null, null, null, null, "Connect failed: ConnectionRefused.");

        Assert.Equal(FindingSeverity.Warning, Severity(With(null, null, Tls(), down), "mx-unreachable"));
        var both = MxProbeJudge.Judge(With(null, null, down, down with { Address = "192.0.2.10" })).Single(f => f.Code == "mx-unreachable");
        Assert.Equal(FindingSeverity.Error, both.Severity);
        Assert.Contains("192.0.2.9, 192.0.2.10", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_handshake_after_starttls_is_its_own_error()
    {
        var failed = new MxAddressProbe("192.0.2.1", true, true, null, null, null, null, null, null, null, "The TLS handshake failed: no shared cipher");

        Assert.Equal(FindingSeverity.Error, Severity(With(null, null, failed), "mx-tls-handshake-failed"));
    }

    [Fact]
    public void Every_code_the_judge_raises_is_a_probe_code()
    {
        var everything = With("enforce", false,
            Tls(version: "TLSv1", days: -2, trusted: false, nameMatches: false, dane: "mismatch"),
            new MxAddressProbe("192.0.2.2", true, false, null, null, null, null, null, null, null, null));

        var codes = MxProbeJudge.Judge(everything).Select(f => f.Code).ToList();

        Assert.All(codes, c => Assert.Contains(c, ProbeFindings.Codes));
        Assert.Contains("mx-certificate-expired", codes);
        Assert.Contains("mx-tlsa-mismatch", codes);
        Assert.Contains("mx-starttls-missing", codes);
    }

    private static FindingSeverity? Severity(PolicySnapshot policy, string code) =>
        MxProbeJudge.Judge(policy).SingleOrDefault(f => f.Code == code)?.Severity;
}
