using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using TlsRptPlatform.QueryBench;
using TlsRptPlatform.Tools;

// Talks only to the URL given (loopback in every documented run).
var options = QueryOptions.Parse(args);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency }) { BaseAddress = options.Url };
var apiKey = await PlatformSetup.CreateTenantAsync(http, options.AdminKey, "query bench");
var (domain, token) = await PlatformSetup.RegisterAsync(http, apiKey, $"q{Guid.NewGuid():N}"[..12] + ".example");
var history = new ReportHistory(domain, options.Ips);
var today = DateOnly.FromDateTime(DateTime.UtcNow);
var first = today.AddDays(-(options.Days - 1));

// Fill: every reporter's report for every day, through the same HTTPS endpoint senders use.
var clock = Stopwatch.StartNew();
var jobs = Enumerable.Range(0, options.Days).SelectMany(d => Enumerable.Range(0, options.Reporters).Select(r => (Day: first.AddDays(d), Reporter: r))).ToList();
var next = -1;
var refused = 0;
await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < jobs.Count)
    {
        using var content = new ByteArrayContent(history.Report(jobs[i].Day, jobs[i].Reporter));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/tlsrpt+gzip");
        using var response = await http.PostAsync($"/v1/reports/{token}", content);
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref refused);
        }
    }
}));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"filled domain={domain} days={options.Days} reports={jobs.Count} refused={refused} seconds={clock.Elapsed.TotalSeconds:F1}"));
if (refused > 0)
{
    return 1;
}

if (options.Settle > 0)
{
    Console.WriteLine($"settling {options.Settle} s before the queries");
    await Task.Delay(TimeSpan.FromSeconds(options.Settle));
}

http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
var range = string.Create(CultureInfo.InvariantCulture, $"from={first:yyyy-MM-dd}&to={today:yyyy-MM-dd}");
var queries = new (string Name, string Path)[]
{
    ("summary", $"summary?{range}"),
    ("summary resultType", $"summary?{range}&resultType=certificate-expired"),
    ("summary receivingMx", $"summary?{range}&receivingMx={history.MxHosts[1]}"),
    ("summary organization", $"summary?{range}&organization={Uri.EscapeDataString(history.Organization(1))}"),
    ("summary sendingIp", $"summary?{range}&sendingIp={ReportHistory.Ip(42)}"),
    ("daily", $"daily?{range}"),
    ("daily resultType", $"daily?{range}&resultType=certificate-expired"),
};
Console.WriteLine($"{"query",-22} {"p50 ms",8} {"p95 ms",8} {"max ms",8} {"bytes",9}");
foreach (var (name, path) in queries)
{
    var url = $"/v1/domains/{domain}/{path}";
    var length = 0;
    for (var i = 0; i < options.Warmup; i++)
    {
        length = (await http.GetByteArrayAsync(url)).Length;
    }

    // One request at a time: the figure is the latency of one dashboard view, not throughput.
    var times = new double[options.Requests];
    for (var i = 0; i < times.Length; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await http.GetByteArrayAsync(url);
        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    Array.Sort(times);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-22} {At(times, 0.50),8:F1} {At(times, 0.95),8:F1} {times[^1],8:F1} {length,9}"));
}

return 0;

static double At(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
