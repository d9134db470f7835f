using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using static TlsRptPlatform.Platform.Tests.Infrastructure.TlsRptDatagram;

namespace TlsRptPlatform.Platform.Tests.RealSenders;

/// <summary>
/// One day of an MTA's deliveries, reported by sys4's tlsrpt-reporter to the platform on real HTTPS and SMTP: the
/// MTA's per-connection results go to tlsrpt-collectd late yesterday (by a fake clock), the clock passes midnight,
/// and tlsrpt-reportd delivers yesterday's reports — the MTA-STS domain's by mail, the DANE domain's by HTTPS. A
/// second reportd, which lost the first one's state, then delivers the same day again through the other channels.
/// Tests read what happened; nothing here asserts.
/// </summary>
public sealed class RealReporterDay : IAsyncLifetime
{
    public const string StsDomain = "sts-reported.example";
    public const string DaneDomain = "dane-reported.example";
    public const string FirstRun = "first";
    public const string SecondRun = "second";

    public const string SenderA = "198.51.100.7";
    public const string SenderB = "198.51.100.8";

    private TlsRptReporter? _reporter;
    private bool _platformStarted;

    public HttpsMailPlatform Platform { get; } = new();

    public TlsRptReporter Reporter => _reporter!;

    public HttpClient Tenant { get; private set; } = null!;

    /// <summary>The day reported on: the real yesterday, so the platform takes it as a recent report.</summary>
    public DateOnly Day { get; } = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    public JsonNode Sts { get; private set; } = null!;

    public JsonNode Dane { get; private set; } = null!;

    /// <summary>Each domain's summary and report list after the first delivery, keyed by domain.</summary>
    public IReadOnlyDictionary<string, (string Summary, JsonArray Reports)> AfterFirstRun { get; private set; } = null!;

    public IReadOnlyDictionary<string, (string Summary, JsonArray Reports)> AfterSecondRun { get; private set; } = null!;

    public static string Mx1(string domain) => "mx1." + domain;

    public static string Mx2(string domain) => "mx2." + domain;

    public async Task InitializeAsync()
    {
        // The reporter first: it fails at once, naming the package, when something it needs is not installed.
        _reporter = new TlsRptReporter(Platform.CaFile, Platform.SmtpPort);
        _platformStarted = true;
        await Platform.InitializeAsync();
        Tenant = await Platform.NewTenantAsync("Real reporter");
        Sts = await RegisterAsync(StsDomain);
        Dane = await RegisterAsync(DaneDomain);

        // A minute before midnight: everything the MTA reports now belongs to the day being reported.
        Reporter.Clock.Set(At(Day, new TimeOnly(23, 59)));
        await Reporter.StartCollectdAsync();
        var datagrams = Datagrams().ToList();
        foreach (var datagram in datagrams)
        {
            Reporter.Send(datagram);
        }

        await Reporter.CollectedAsync(datagrams.Count);
        Reporter.Clock.Set(At(Day.AddDays(1), new TimeOnly(0, 0, 1)));
        await Reporter.RolledOverAsync();

        await using (var first = Reporter.StartReportd(FirstRun))
        {
            // reportd starts a Python fetcher per step: seconds each on a loaded two-core machine, so a generous wait.
            await first.WaitForAsync(() => Reporter.SmtpReplies.Count >= 1 && Reporter.HttpsReplies.Count >= 1, "the first reportd's deliveries", seconds: 120);
        }

        AfterFirstRun = await SnapshotAsync();

        // A reportd that lost its state renders the day again, and a record map sends each domain's report the
        // other way: the MTA-STS domain's to its https address, the DANE domain's to its mail address.
        var swapped = new Dictionary<string, string>
        {
            [StsDomain] = (string)Sts["ruaHttps"]!,
            [DaneDomain] = (string)Dane["ruaMailto"]!,
        };
        await using (var second = Reporter.StartReportd(SecondRun, swapped))
        {
            await second.WaitForAsync(() => Reporter.SmtpReplies.Count >= 2 && Reporter.HttpsReplies.Count >= 2, "the second reportd's deliveries", seconds: 120);
        }

        AfterSecondRun = await SnapshotAsync();
    }

    public async Task DisposeAsync()
    {
        Tenant?.Dispose();
        if (_reporter is not null)
        {
            await _reporter.DisposeAsync();
        }

        if (_platformStarted)
        {
            await Platform.DisposeAsync();
        }
    }

    public async Task<JsonNode> GetAsync(string path) =>
        JsonNode.Parse(await Tenant.GetStringAsync(new Uri(path, UriKind.Relative)))!;

    public string SummaryPath(string domain) => $"/v1/domains/{domain}/summary?from={Day:yyyy-MM-dd}&to={Day:yyyy-MM-dd}";

    /// <summary>
    /// What the MTA reports to collectd: one datagram per delivery attempt, each carrying the domain's TLS-RPT record
    /// as the MTA looked it up — reportd delivers to the addresses in it and does no DNS lookup of its own, so no DNS
    /// server is needed here. The MTA-STS domain publishes its mail address, the DANE domain its https address (a
    /// domain may list either or both).
    /// </summary>
    private IEnumerable<TlsRptDatagram> Datagrams()
    {
        var stsRecord = $"v=TLSRPTv1; rua={(string)Sts["ruaMailto"]!}";
        var sts = new Policy(
            PolicyType.Sts,
            StsDomain,
            ["version: STSv1", "mode: enforce", $"mx: {Mx1(StsDomain)}", $"mx: {Mx2(StsDomain)}", "max_age: 604800"],
            [Mx1(StsDomain), Mx2(StsDomain)]);
        // Postfix passes the EHLO reply whole, its lines joined by CRLF.
        var ehlo = $"250-{Mx1(StsDomain)}\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME";
        var stsAttempts = Enumerable.Repeat<Failure?>(null, 40)
            .Concat(Enumerable.Repeat(new Failure(ResultCode.CertificateExpired, SenderA, Mx2(StsDomain), "192.0.2.20"), 3))
            .Concat(Enumerable.Repeat(new Failure(ResultCode.ValidationFailure, SenderA, Mx1(StsDomain), "192.0.2.10", ehlo), 2))
            .Concat([new Failure(ResultCode.ValidationFailure, SenderB, Mx1(StsDomain), "192.0.2.10", AdditionalInformation: "self-signed certificate in certificate chain")]);

        var daneRecord = $"v=TLSRPTv1; rua={(string)Dane["ruaHttps"]!}";
        // A tlsa policy's domain is the TLSA base domain, the MX host; mx2 has no TLSA records: no-policy-found.
        var tlsa = new Policy(PolicyType.Tlsa, Mx1(DaneDomain), ["3 1 1 8cb0fc6c527506a053f4f14c8464bebbd6dede2738d11468dd953d7d6a3021f1"], []);
        var none = new Policy(PolicyType.NoPolicyFound, null, [], []);
        var tlsaAttempts = Enumerable.Repeat<Failure?>(null, 25)
            .Concat(Enumerable.Repeat(new Failure(ResultCode.TlsaInvalid, SenderA, Mx1(DaneDomain), "192.0.2.30"), 2));
        var noPolicyAttempts = Enumerable.Repeat<Failure?>(null, 4)
            .Concat([new Failure(ResultCode.DaneRequired, SenderB, Mx2(DaneDomain), "192.0.2.31")]);

        return stsAttempts.Select(f => new TlsRptDatagram(StsDomain, stsRecord, sts, f))
            .Concat(tlsaAttempts.Select(f => new TlsRptDatagram(DaneDomain, daneRecord, tlsa, f)))
            .Concat(noPolicyAttempts.Select(f => new TlsRptDatagram(DaneDomain, daneRecord, none, f)));
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), TimeSpan.Zero);

    private async Task<JsonNode> RegisterAsync(string name)
    {
        using var response = await Tenant.PostAsJsonAsync("/v1/domains", new { name });
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<IReadOnlyDictionary<string, (string Summary, JsonArray Reports)>> SnapshotAsync()
    {
        var snapshot = new Dictionary<string, (string, JsonArray)>();
        foreach (var domain in new[] { StsDomain, DaneDomain })
        {
            var summary = await Tenant.GetStringAsync(new Uri(SummaryPath(domain), UriKind.Relative));
            var reports = (JsonArray)await GetAsync($"/v1/domains/{domain}/reports?from={Day:yyyy-MM-dd}&to={Day:yyyy-MM-dd}");
            snapshot[domain] = (summary, reports);
        }

        return snapshot;
    }
}
