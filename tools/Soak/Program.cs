using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TlsRptPlatform.LoadTest;
using TlsRptPlatform.Soak;
using TlsRptPlatform.Tools;

// Sends only to the URL and SMTP address given (loopback in every documented run); stops after --minutes.
var options = SoakOptions.Parse(args);
using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(60) };
var apiKey = await PlatformSetup.CreateTenantAsync(http, options.AdminKey, "soak");
var domains = new List<(string Name, string Token)>();
for (var i = 0; i < options.Domains; i++)
{
    domains.Add(await PlatformSetup.RegisterAsync(http, apiKey, $"soak{i}-{Guid.NewGuid():N}"[..20] + ".example"));
}

using var tenant = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(60) };
tenant.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<string>>();
var answers = new ConcurrentDictionary<string, int>();
var samples = new ConcurrentQueue<ProcessSample>();
var faults = new ConcurrentDictionary<string, int>();
var latencies = new ConcurrentQueue<double>();
var perTenMinutes = new ConcurrentDictionary<int, int>();
var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource(options.Duration);
var next = -1;

var work = new List<Task>();
work.AddRange(Enumerable.Range(0, options.HttpsSenders).Select(_ => Task.Run(PostAsync)));
work.AddRange(Enumerable.Range(0, options.Mailers).Select(_ => Task.Run(MailAsync)));
work.Add(Task.Run(QueryAsync));
work.Add(Task.Run(FaultsAsync));
work.Add(Task.Run(SampleAsync));
await Task.WhenAll(work);

// Every acknowledged report must be stored once PostgreSQL is up for good.
var lost = 0L;
var stored = 0L;
var duplicates = 0L;
foreach (var (name, _) in domains)
{
    var summary = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/summary?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}"))!;
    var count = (long)summary["reports"]!;
    stored += count;
    var ids = new HashSet<string>(StringComparer.Ordinal);
    for (var offset = 0; offset < count; offset += 1000)
    {
        var page = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reports?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}&limit=1000&offset={offset}"))!.AsArray();
        ids.UnionWith(page.Select(r => (string)r!["reportId"]!));
    }

    duplicates += count - ids.Count;
    lost += acknowledged.GetValueOrDefault(name)?.Count(id => !ids.Contains(id)) ?? 0;
}

var first = samples.First();
var last = samples.Last();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"minutes={clock.Elapsed.TotalMinutes:F1} faults=[{string.Join(" ", faults.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}:{f.Value}"))}] " +
    $"acknowledgedPer10Minutes=[{string.Join(" ", perTenMinutes.OrderBy(p => p.Key).Select(p => p.Value))}] " +
    $"httpsMs p50={Percentile(0.50):F1} p99={Percentile(0.99):F1} max={Percentile(1):F0} acknowledged={acknowledged.Values.Sum(b => b.Count)} stored={stored} lost={lost} duplicates={duplicates} " +
    $"answers=[{string.Join(" ", answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}:{a.Value}"))}] " +
    $"rssMiB start={first.RssKiB / 1024} peak={samples.Max(s => s.RssKiB) / 1024} end={last.RssKiB / 1024} " +
    $"fds start={first.OpenFiles} peak={samples.Max(s => s.OpenFiles)} end={last.OpenFiles}"));
return lost == 0 && duplicates == 0 && !answers.Keys.Any(k => k.StartsWith("https:5", StringComparison.Ordinal) && k != "https:503") ? 0 : 1;

void Count(string what) => answers.AddOrUpdate(what, 1, (_, n) => n + 1);

void Acknowledge(string domain, string reportId)
{
    acknowledged.GetOrAdd(domain, _ => []).Add(reportId);
    perTenMinutes.AddOrUpdate((int)clock.Elapsed.TotalMinutes / 10, 1, (_, n) => n + 1);
}

double Percentile(double p)
{
    var sorted = latencies.Order().ToArray();
    return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}

// Senders share one schedule: report n is due n/rate seconds after the start, so the load stays steady and a backlog
// left by a fault is caught up as fast as the platform allows.
async Task<int> NextAsync()
{
    var n = Interlocked.Increment(ref next);
    if (options.Rate > 0)
    {
        var wait = TimeSpan.FromSeconds(n / options.Rate) - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    return n;
}

async Task PostAsync()
{
    while (!stop.IsCancellationRequested)
    {
        var n = await NextAsync();
        var (name, token) = domains[n % domains.Count];
        var reportId = $"soak-https-{n}";
        try
        {
            using var content = new ByteArrayContent(Report(name, reportId, day));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/tlsrpt+gzip");
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync($"/v1/reports/{token}", content);
            Count($"https:{(int)response.StatusCode}");
            if (response.IsSuccessStatusCode)
            {
                latencies.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Acknowledge(name, reportId);
            }
            else
            {
                await Task.Delay(200);
            }
        }
        catch (HttpRequestException)
        {
            Count("https:no-answer");
        }
    }
}

async Task MailAsync()
{
    while (!stop.IsCancellationRequested)
    {
        try
        {
            using var mail = await MailSender.ConnectAsync(options.Smtp, "reports.localhost");
            while (!stop.IsCancellationRequested)
            {
                var n = await NextAsync();
                var (name, token) = domains[n % domains.Count];
                var reportId = $"soak-smtp-{n}";
                if (await mail.SendAsync(name, token, Report(name, reportId, day)))
                {
                    Count("smtp:250");
                    Acknowledge(name, reportId);
                }
                else
                {
                    Count("smtp:refused");
                    await Task.Delay(200);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or MailKit.ServiceNotConnectedException or MailKit.ProtocolException or System.Net.Sockets.SocketException)
        {
            Count("smtp:disconnected");
            await Task.Delay(500);
        }
    }
}

// Summaries every 250 ms and, every 40th turn, a policy check (DNS included) on a random domain.
async Task QueryAsync()
{
    for (var turn = 1; !stop.IsCancellationRequested; turn++)
    {
        var (name, _) = domains[Random.Shared.Next(domains.Count)];
        var check = turn % 40 == 0;
        try
        {
            using var response = check
                ? await tenant.PostAsync($"/v1/domains/{name}/checks", null)
                : await tenant.GetAsync($"/v1/domains/{name}/summary");
            Count($"{(check ? "check" : "query")}:{(int)response.StatusCode}");
        }
        catch (HttpRequestException)
        {
            Count(check ? "check:no-answer" : "query:no-answer");
        }

        await Task.Delay(250);
    }
}

async Task FaultsAsync()
{
    while (!stop.IsCancellationRequested)
    {
        try
        {
            await Task.Delay(options.FaultEvery, stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        // The faults take turns: PostgreSQL stopped for 5 s, then the platform process frozen (SIGSTOP) for 10 s.
        if (faults.Values.Sum() % 2 == 0)
        {
            await RunAsync(options.FaultDown);
            await Task.Delay(TimeSpan.FromSeconds(5));
            await RunAsync(options.FaultUp);
            faults.AddOrUpdate("postgres-restart", 1, (_, n) => n + 1);
        }
        else
        {
            await RunAsync($"kill -STOP {options.Pid}");
            await Task.Delay(TimeSpan.FromSeconds(10));
            await RunAsync($"kill -CONT {options.Pid}");
            faults.AddOrUpdate("platform-paused", 1, (_, n) => n + 1);
        }
    }
}

async Task SampleAsync()
{
    while (true)
    {
        samples.Enqueue(ProcessSample.Read(options.Pid, clock.Elapsed));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(10), stop.Token);
        }
        catch (OperationCanceledException)
        {
            samples.Enqueue(ProcessSample.Read(options.Pid, clock.Elapsed));
            return;
        }
    }
}

static async Task RunAsync(string command)
{
    using var process = Process.Start("bash", ["-c", command]);
    await process.WaitForExitAsync();
}

static byte[] Report(string domain, string reportId, DateOnly day)
{
    var json = string.Create(CultureInfo.InvariantCulture, $$"""
        {"organization-name":"Soak Sender","date-range":{"start-datetime":"{{day:yyyy-MM-dd}}T00:00:00Z","end-datetime":"{{day:yyyy-MM-dd}}T23:59:59Z"},
         "contact-info":"tls@sender.example","report-id":"{{reportId}}",
         "policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1","mode: enforce"],"policy-domain":"{{domain}}"},
           "summary":{"total-successful-session-count":100,"total-failure-session-count":1},
           "failure-details":[{"result-type":"certificate-expired","sending-mta-ip":"198.51.100.7","receiving-mx-hostname":"mx.{{domain}}","failed-session-count":1}]}]}
        """);
    using var output = new MemoryStream();
    using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
    {
        gzip.Write(Encoding.UTF8.GetBytes(json));
    }

    return output.ToArray();
}
