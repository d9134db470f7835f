using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using TlsRptPlatform.LoadTest;
using TlsRptPlatform.Tools;

// Sends only to the URL given (loopback in every documented run); bounded by --reports, then stops.
var options = LoadOptions.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency }) { BaseAddress = options.Url };

var apiKey = await PlatformSetup.CreateTenantAsync(http, options.AdminKey, "load test");
var domains = new List<(string Name, string Token)>();
for (var i = 0; i < options.Domains; i++)
{
    domains.Add(await PlatformSetup.RegisterAsync(http, apiKey, $"load{i}-{Guid.NewGuid():N}"[..20] + ".example"));
}

var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
if (options.Import is not null)
{
    return await ImportRun.RunAsync(http, apiKey, domains[0].Name, options.Import, options.Reports, (name, n) => Report(name, n, day));
}

var failures = 0;
await RunAsync(options.Warmup, offset: 0, new double[options.Warmup], TimeSpan.Zero);
failures = 0;
var latencies = new double[options.Reports];
var clock = Stopwatch.StartNew();
var interval = options.Rate is > 0 ? TimeSpan.FromSeconds(1.0 / options.Rate.Value) : TimeSpan.Zero;
await RunAsync(options.Reports, offset: options.Warmup, latencies, interval);
clock.Stop();
Array.Sort(latencies);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"channel={(options.Smtp is null ? "https" : "smtp")} reports={options.Reports} domains={options.Domains} concurrency={options.Concurrency} rate={(options.Rate?.ToString(CultureInfo.InvariantCulture) ?? "max")} " +
    $"failed={failures} seconds={clock.Elapsed.TotalSeconds:F1} throughput={options.Reports / clock.Elapsed.TotalSeconds:F0}/s " +
    $"p50={Percentile(0.50):F1}ms p99={Percentile(0.99):F1}ms max={latencies[^1]:F1}ms"));
return failures == 0 ? 0 : 1;

double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))];

async Task RunAsync(int count, int offset, double[] measured, TimeSpan interval)
{
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
    {
        using var mail = options.Smtp is null ? null : await MailSender.ConnectAsync(options.Smtp, options.ReportDomain);
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var n = offset + i;
            if (interval > TimeSpan.Zero)
            {
                // Open-loop pacing: report i is due at i × interval, however slow earlier ones were.
                var due = interval * i - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
            }

            var (name, token) = domains[n % domains.Count];
            var report = Report(name, n, day);
            var started = Stopwatch.GetTimestamp();
            bool delivered;
            if (mail is not null)
            {
                delivered = await mail.SendAsync(name, token, report);
            }
            else
            {
                using var content = new ByteArrayContent(report);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/tlsrpt+gzip");
                using var response = await http.PostAsync($"/v1/reports/{token}", content);
                delivered = response.IsSuccessStatusCode;
            }

            measured[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!delivered)
            {
                Interlocked.Increment(ref failures);
            }
        }
    }));
}

// A Google-like daily report: one sts policy, two failure details (or 1 + n mod --max-details).
byte[] Report(string domain, int n, DateOnly day)
{
    var details = options.MaxDetails is { } max ? 1 + (n % max) : 2;
    var failed = (2 * ((details + 1) / 2)) + (details / 2); // 2 sessions for even-numbered details, 1 for odd
    var failures = string.Join(",", Enumerable.Range(0, details).Select(i => string.Create(CultureInfo.InvariantCulture,
        $$"""{"result-type":"{{(i % 2 == 0 ? "certificate-expired" : "starttls-not-supported")}}","sending-mta-ip":"198.51.{{100 + i / 250}}.{{(n + i) % 250}}","receiving-mx-hostname":"mx.{{domain}}","failed-session-count":{{2 - i % 2}}}""")));
    var json = string.Create(CultureInfo.InvariantCulture, $$"""
        {"organization-name":"Sender {{n % 20}}","date-range":{"start-datetime":"{{day:yyyy-MM-dd}}T00:00:00Z","end-datetime":"{{day:yyyy-MM-dd}}T23:59:59Z"},
         "contact-info":"tls@sender.example","report-id":"load-{{n}}-{{Guid.NewGuid():N}}",
         "policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1","mode: enforce","mx: mx.{{domain}}","max_age: 604800"],"policy-domain":"{{domain}}","mx-host":["mx.{{domain}}"]},
           "summary":{"total-successful-session-count":{{100 + n % 50}},"total-failure-session-count":{{failed}}},
           "failure-details":[{{failures}}]}]}
        """);
    using var output = new MemoryStream();
    using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
    {
        gzip.Write(Encoding.UTF8.GetBytes(json));
    }

    return output.ToArray();
}
