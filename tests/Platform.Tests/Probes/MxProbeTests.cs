using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Probes;

/// <summary>
/// The MX probe against a real SMTP server with STARTTLS (<see cref="TestMxServer"/>), real DNS (MX, A, AAAA and
/// DNSSEC-flagged TLSA from <see cref="TestDnsServer"/>) and the platform on Kestrel, one certificate per case.
/// The tests of one class run one at a time, which the server-wide STARTTLS switch relies on.
/// </summary>
public class MxProbeTests(ProbePlatform platform) : IClassFixture<ProbePlatform>
{
    private static readonly string[] MailTransaction = ["MAIL", "RCPT", "DATA", "BDAT"];

    [Fact]
    public async Task A_valid_certificate_is_recorded_and_raises_no_finding_and_no_message_is_sent()
    {
        var (tenant, name, mx) = await DomainWithMxAsync(c => c.Issue(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(90), c.Name));

        var policy = await CheckAsync(tenant, name);
        var address = Address(policy);

        Assert.Equal("127.0.0.1", (string?)address["address"]);
        Assert.True((bool)address["reachable"]!);
        Assert.True((bool)address["startTls"]!);
        Assert.StartsWith("TLSv1.", (string?)address["tlsVersion"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)address["cipher"]));
        Assert.True((bool)address["trusted"]!);
        Assert.True((bool)address["nameMatches"]!);
        Assert.InRange((int)address["daysUntilExpiry"]!, 89, 90);
        Assert.Equal([mx], address["certificate"]!["dnsNames"]!.AsArray().Select(n => (string)n!));
        Assert.Contains("TlsRptPlatform Test MX CA", (string?)address["certificate"]!["issuer"], StringComparison.Ordinal);
        Assert.Null(address["dane"]);
        Assert.NotNull(policy["probedAt"]);
        Assert.Empty(ProbeCodes(policy));
        Assert.DoesNotContain(platform.Mx.Commands, c => MailTransaction.Contains(c.Split(' ')[0].ToUpperInvariant()));
        Assert.Contains("QUIT", platform.Mx.Commands);
        using var scraper = new HttpClient { BaseAddress = platform.MetricsUrl };
        var metrics = await scraper.GetStringAsync("/metrics");
        Assert.Contains("tlsrpt_mx_probes", metrics, StringComparison.Ordinal);
        Assert.Contains("outcome=\"tls\"", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(mx, metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_certificate_is_an_error_with_its_date()
    {
        var notAfter = DateTimeOffset.UtcNow.AddDays(-3);
        var (tenant, name, mx) = await DomainWithMxAsync(c => c.Issue(DateTimeOffset.UtcNow.AddDays(-40), notAfter, c.Name));

        var policy = await CheckAsync(tenant, name);
        var finding = Finding(policy, "mx-certificate-expired");

        Assert.Equal("error", (string?)finding["severity"]);
        Assert.Contains($"{mx} presents a certificate that expired on {notAfter.UtcDateTime:yyyy-MM-dd}", (string?)finding["message"], StringComparison.Ordinal);
        Assert.Contains("Renew", (string?)finding["fix"], StringComparison.Ordinal);
        Assert.Equal(-4, (int)Address(policy)["daysUntilExpiry"]!);
        // An expired certificate does not validate either; the expiry says why, once.
        Assert.DoesNotContain("mx-certificate-untrusted", ProbeCodes(policy));
    }

    [Theory]
    [InlineData(5, "error")]
    [InlineData(20, "warning")]
    public async Task A_certificate_that_expires_soon_is_a_warning_then_an_error(int days, string severity)
    {
        var (tenant, name, _) = await DomainWithMxAsync(c => c.Issue(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(days).AddHours(1), c.Name));

        var finding = Finding(await CheckAsync(tenant, name), "mx-certificate-expires-soon");

        Assert.Equal(severity, (string?)finding["severity"]);
        Assert.Contains($"in {days} days", (string?)finding["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_from_an_unknown_ca_is_untrusted()
    {
        using var stranger = new TestCertificateAuthority("Stranger CA");
        var (tenant, name, _) = await DomainWithMxAsync(c => stranger.Issue(c.Name));

        var policy = await CheckAsync(tenant, name);

        Assert.False((bool)Address(policy)["trusted"]!);
        Assert.True((bool)Address(policy)["nameMatches"]!);
        Assert.Contains("Stranger CA", (string?)Finding(policy, "mx-certificate-untrusted")["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_a_name_mismatch()
    {
        var (tenant, name, _) = await DomainWithMxAsync(c => c.Issue("mail.elsewhere.test"));

        var policy = await CheckAsync(tenant, name);

        Assert.False((bool)Address(policy)["nameMatches"]!);
        Assert.True((bool)Address(policy)["trusted"]!);
        Assert.Contains("mail.elsewhere.test", (string?)Finding(policy, "mx-certificate-name-mismatch")["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wildcard_certificate_names_the_mx_host()
    {
        var (tenant, name, _) = await DomainWithMxAsync(c => c.Issue($"*.{c.Domain}"));

        var policy = await CheckAsync(tenant, name);

        Assert.True((bool)Address(policy)["nameMatches"]!);
        Assert.DoesNotContain("mx-certificate-name-mismatch", ProbeCodes(policy));
    }

    [Fact]
    public async Task A_server_without_starttls_is_an_error_and_losing_starttls_enters_the_history()
    {
        var (tenant, name, mx) = await DomainWithMxAsync(c => c.Issue(c.Name));
        await CheckAsync(tenant, name);

        platform.Mx.OfferStartTls = false;
        JsonNode policy;
        try
        {
            policy = await CheckAsync(tenant, name);
        }
        finally
        {
            platform.Mx.OfferStartTls = true;
        }

        var history = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/policy/history"))!.AsArray();
        var change = history.Single(h => (string?)h!["what"] == $"mx-starttls.{mx}")!;

        Assert.False((bool)Address(policy)["startTls"]!);
        Assert.Null(Address(policy)["certificate"]);
        Assert.Equal("error", (string?)Finding(policy, "mx-starttls-missing")["severity"]);
        Assert.Equal(["127.0.0.1 offered", "127.0.0.1 not offered"], new[] { (string)change["old"]!, (string)change["new"]! });
    }

    [Fact]
    public async Task A_renewed_certificate_enters_the_history_with_its_new_fingerprint()
    {
        var (tenant, name, mx) = await DomainWithMxAsync(c => c.Issue(c.Name));
        var first = (string)Address(await CheckAsync(tenant, name))["certificate"]!["sha256"]!;

        var renewed = platform.Mx.Authority.Issue(mx);
        platform.Mx.Present(mx, renewed);
        var second = (string)Address(await CheckAsync(tenant, name))["certificate"]!["sha256"]!;
        var history = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/policy/history"))!.AsArray();
        var change = history.Single(h => (string?)h!["what"] == $"mx-certificate.{mx}")!;

        Assert.NotEqual(first, second);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(renewed.RawData)), second);
        Assert.Equal([first, second], new[] { (string)change["old"]!, (string)change["new"]! });
    }

    [Fact]
    public async Task A_dnssec_signed_tlsa_record_of_the_key_matches_and_one_of_another_key_does_not()
    {
        X509Certificate2? presented = null;
        var (tenant, name, mx) = await DomainWithMxAsync(c => presented = c.Issue(c.Name));
        platform.Dns.AddTlsa($"_25._tcp.{mx}", 3, 1, 1, SHA256.HashData(presented!.PublicKey.ExportSubjectPublicKeyInfo()));
        platform.Dns.Set($"_25._tcp.{mx}", TestDnsServer.Behaviour.Authenticated);

        var matching = await CheckAsync(tenant, name);

        platform.Dns.Clear($"_25._tcp.{mx}");
        using var otherKey = platform.Mx.Authority.Issue(mx);
        platform.Dns.AddTlsa($"_25._tcp.{mx}", 3, 1, 1, SHA256.HashData(otherKey.PublicKey.ExportSubjectPublicKeyInfo()));
        var mismatching = await CheckAsync(tenant, name);

        Assert.Equal("match", (string?)Address(matching)["dane"]);
        Assert.DoesNotContain("mx-tlsa-mismatch", ProbeCodes(matching));
        Assert.Equal("mismatch", (string?)Address(mismatching)["dane"]);
        Assert.Equal("error", (string?)Finding(mismatching, "mx-tlsa-mismatch")["severity"]);
    }

    [Fact]
    public async Task An_mx_host_outside_the_mta_sts_policy_is_named_and_the_policy_hosts_certificate_is_recorded()
    {
        var (tenant, name, mx) = await DomainWithMxAsync(c => c.Issue(c.Name));
        platform.Dns.AddTxt($"_mta-sts.{name}", "v=STSv1; id=1");
        platform.Dns.AddA($"mta-sts.{name}", IPAddress.Loopback);
        platform.PolicyServer.Serve(name, "version: STSv1\r\nmode: enforce\r\nmx: mail.elsewhere.test\r\nmax_age: 604800\r\n");

        var first = await CheckAsync(tenant, name);
        var again = await CheckAsync(tenant, name);
        var finding = Finding(again, "mx-not-in-mtasts-policy");

        Assert.Equal("error", (string?)finding["severity"]);
        Assert.Contains(mx, (string?)finding["message"], StringComparison.Ordinal);
        // The policy host's certificate is recorded by the fetch, at every check.
        Assert.Equal([$"mta-sts.{name}"], first["mtaSts"]!["certificate"]!["dnsNames"]!.AsArray().Select(n => (string)n!));
        Assert.Equal((string?)first["mtaSts"]!["certificate"]!["sha256"], (string?)again["mtaSts"]!["certificate"]!["sha256"]);
    }

    [Fact]
    public async Task An_address_where_no_smtp_server_listens_is_unreachable()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        var mx = $"mx.{name}";
        platform.Dns.AddMx(name, 10, mx);
        // The test MX server listens on 127.0.0.1 only: the same port on ::1 refuses the connection.
        platform.Dns.AddAaaa(mx, IPAddress.IPv6Loopback);

        var policy = await CheckAsync(tenant, name);

        Assert.False((bool)Address(policy)["reachable"]!);
        Assert.Equal("::1", (string?)Address(policy)["address"]);
        Assert.Equal("error", (string?)Finding(policy, "mx-unreachable")["severity"]);
    }

    [Fact]
    public async Task The_probe_result_is_kept_in_the_policy_and_survives_a_dns_only_view()
    {
        var (tenant, name, _) = await DomainWithMxAsync(c => c.Issue(c.Name));
        var checkedNow = await CheckAsync(tenant, name);

        var stored = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/policy"))!;

        Assert.Equal((string?)Address(checkedNow)["certificate"]!["sha256"], (string?)Address(stored)["certificate"]!["sha256"]);
        Assert.Equal((string?)checkedNow["probedAt"], (string?)stored["probedAt"]);
    }

    [Fact]
    public async Task Reported_failures_are_explained_by_what_the_probe_sees_at_that_mx()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var mx = $"mx.{name}";
        var notAfter = DateTimeOffset.UtcNow.AddDays(-10);
        platform.Dns.AddMx(name, 10, mx);
        platform.Dns.AddA(mx, IPAddress.Loopback);
        platform.Mx.Present(mx, platform.Mx.Authority.Issue(DateTimeOffset.UtcNow.AddDays(-50), notAfter, mx));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        using var posted = await platform.Http.PostGzipAsync(token, Reports.WithSessions(name, "explained-1", today, 100, 412, "certificate-expired"));
        await CheckAsync(tenant, name);

        var summary = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/summary?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}"))!;
        var explanation = Assert.Single(summary["explanations"]!.AsArray())!;

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(
            $"412 certificate-expired sessions were reported at {mx}; {mx} presents a certificate that expired on {notAfter.UtcDateTime:yyyy-MM-dd}.",
            (string?)explanation["text"]);
        Assert.Equal("certificate-expired", (string?)explanation["resultType"]);
        Assert.Equal(412, (long)explanation["failedSessions"]!);
    }

    [Fact]
    public void Probe_results_round_trip_through_the_orleans_serializer_in_the_grain_state()
    {
        var serializer = platform.Services.GetRequiredService<Serializer>();
        var address = new MxAddressProbe("192.0.2.1", true, true, "TLSv1.3", "TLS_AES_256_GCM_SHA384",
            new ProbedCertificate("CN=mx", "CN=CA", ["mx.example.com"], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(90), "ab", ["CN=CA"]),
            true, true, 12, "match", null);
        var policy = new PolicySnapshot(DateTimeOffset.UnixEpoch, new TlsRptState("valid", [], true, null),
            new MtaStsState("valid", "1", "enforce", ["mx.example.com"], 86400, "valid", address.Certificate),
            [new MxState("mx.example.com", 10, true, ["3 1 1 ab"], true, new MxProbe(DateTimeOffset.UnixEpoch, [address], null))],
            [], [], DateTimeOffset.UnixEpoch);

        var copy = serializer.Deserialize<PolicySnapshot>(serializer.SerializeToArray(policy))!;
        var copied = copy.Mx[0].Probe!.Addresses[0];

        // Records holding lists compare the lists by reference: compare what they hold.
        Assert.Equal(address with { Certificate = null }, copied with { Certificate = null });
        Assert.Equal(address.Certificate!.DnsNames, copied.Certificate!.DnsNames);
        Assert.Equal(address.Certificate.NotAfter, copied.Certificate.NotAfter);
        Assert.Equal("ab", copy.MtaSts.Certificate!.Sha256);
        Assert.Equal(policy.ProbedAt, copy.ProbedAt);
    }

    private async Task<(HttpClient Tenant, string Name, string Mx)> DomainWithMxAsync(Func<CertificateFor, X509Certificate2> certificate)
    {
        var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        var mx = $"mx.{name}";
        platform.Dns.AddMx(name, 10, mx);
        platform.Dns.AddA(mx, IPAddress.Loopback);
        platform.Mx.Present(mx, certificate(new CertificateFor(platform.Mx.Authority, mx, name)));
        return (tenant, name, mx);
    }

    private static async Task<JsonNode> CheckAsync(HttpClient tenant, string name)
    {
        using var response = await tenant.PostAsync($"/v1/domains/{name}/checks", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static JsonNode Address(JsonNode policy) => policy["mx"]![0]!["probe"]!["addresses"]![0]!;

    private static List<string> ProbeCodes(JsonNode policy) =>
        policy["findings"]!.AsArray().Select(f => (string)f!["code"]!).Where(c => c.StartsWith("mx-", StringComparison.Ordinal)).ToList();

    private static JsonNode Finding(JsonNode policy, string code) =>
        policy["findings"]!.AsArray().FirstOrDefault(f => (string?)f!["code"] == code)
        ?? throw new Xunit.Sdk.XunitException($"No finding {code} among {string.Join(", ", ProbeCodes(policy))}");

    /// <summary>The CA of the test MX server and the names a certificate is made for.</summary>
    public sealed record CertificateFor(TestCertificateAuthority Authority, string Name, string Domain)
    {
        public X509Certificate2 Issue(params string[] names) => Authority.Issue(names);

        public X509Certificate2 Issue(DateTimeOffset notBefore, DateTimeOffset notAfter, params string[] names) => Authority.Issue(notBefore, notAfter, names);
    }
}
