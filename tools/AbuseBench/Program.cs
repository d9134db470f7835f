using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using MimeKit;
using Npgsql;
using TlsRptPlatform.AbuseBench;
using TlsRptPlatform.Tools;

// Every target is the platform process this tool starts on 127.0.0.1; every loop is bounded in count, every wait in time.
var options = BenchOptions.Parse(args);
Directory.CreateDirectory(options.Work);
var rows = new List<string>();
foreach (var gc in options.GcConfigs)
{
    foreach (var scenario in options.Scenarios)
    {
        rows.Add(await RunAsync(gc, scenario));
    }
}

Console.WriteLine();
Console.WriteLine("| GC | Scenario | Store | Outcome | RSS baseline | Peak (VmHWM) | Growth | RSS at end | +10 s | +30 s | +60 s | +60 s − baseline | Seconds |");
Console.WriteLine("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
rows.ForEach(Console.WriteLine);
return 0;

async Task<string> RunAsync(string gc, string scenario)
{
    var store = options.Connection is null ? "sqlite" : "postgres";
    var name = $"{gc}-{scenario}-{store}-{DateTime.UtcNow:HHmmss}";
    var data = Path.Combine(options.Work, name);
    Directory.CreateDirectory(data);
    Console.WriteLine($"== {name}: GC {gc} ({Describe(GcEnvironment(gc))})");
    await using var platform = await PlatformProcess.StartAsync(
        options.Silo, data, options.Connection, options.AdminKey, GcEnvironment(gc), Path.Combine(options.Work, name + ".log"));
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = platform.Url, Timeout = TimeSpan.FromSeconds(180) };
    var apiKey = await PlatformSetup.CreateTenantAsync(http, options.AdminKey, "abuse bench");
    var (domain, token) = await PlatformSetup.RegisterAsync(http, apiKey, $"abuse-{Guid.NewGuid():N}"[..14] + ".example");

    // Warm-up: the ingestion paths JIT-compiled and the pools filled with ordinary reports, then a quiet moment.
    for (var i = 0; i < 50; i++)
    {
        var status = await PostAsync(http, token, Payloads.Gzip(Encoding.UTF8.GetBytes(Payloads.Report(domain, $"warm-{i}"))));
        if (status != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"A warm-up report got {(int)status}; see the platform's log in {options.Work}.");
        }
    }

    var warm = await SendMailAsync(platform.SmtpPort, domain, token, [Payloads.Gzip(Encoding.UTF8.GetBytes(Payloads.Report(domain, "warm-mail")))]);
    if (!warm.StartsWith("250", StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"The warm-up mail got {warm}.");
    }
    if (scenario == "storage")
    {
        return await StorageAsync(platform, http, gc, store, domain, token, data);
    }

    await Task.Delay(TimeSpan.FromSeconds(5));
    var baseline = platform.Memory().Rss;
    platform.ResetPeak();
    var clock = Stopwatch.StartNew();
    string outcome;
    long peakSampled, end;
    await using (var sampler = new RssSampler(platform))
    {
        outcome = scenario switch
        {
            "https" => await HttpsAttackAsync(http, domain, token, Payloads.Bomb),
            "https-lie" => await HttpsAttackAsync(http, domain, token, Payloads.LyingBomb),
            "https-multi" => await HttpsAttackAsync(http, domain, token, Payloads.MultiMemberBomb),
            "smtp" => await SmtpAttackAsync(platform.SmtpPort, domain, token),
            _ => throw new ArgumentException($"Unknown scenario '{scenario}'."),
        };
        peakSampled = sampler.Max;
        end = platform.Memory().Rss;
    }

    var attackSeconds = clock.Elapsed.TotalSeconds;
    var peak = Math.Max(platform.Memory().Hwm, peakSampled);
    var after = new Dictionary<int, long>();
    var settleClock = Stopwatch.StartNew();
    foreach (var at in new[] { 10, 30, options.Settle })
    {
        var wait = TimeSpan.FromSeconds(at) - settleClock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        after[at] = platform.Memory().Rss;
    }

    Console.WriteLine($"   {outcome}; baseline {Mib(baseline)}, peak {Mib(peak)} (+{Mib(peak - baseline)}), end {Mib(end)}, +10 s {Mib(after[10])}, +30 s {Mib(after[30])}, +{options.Settle} s {Mib(after[options.Settle])}, attack {attackSeconds:F1} s");
    return string.Create(CultureInfo.InvariantCulture,
        $"| {gc} | {scenario} | {store} | {outcome} | {Mib(baseline)} | {Mib(peak)} | +{Mib(peak - baseline)} | {Mib(end)} | {Mib(after[10])} | {Mib(after[30])} | {Mib(after[options.Settle])} | {Signed(after[options.Settle] - baseline)} | {attackSeconds:F1} |");
}

// Attack A: 40 POSTs at once, each ~51 KB of gzip that inflates to just under 50 MiB.
async Task<string> HttpsAttackAsync(HttpClient http, string domain, string token, Func<string, string, byte[]> payload)
{
    var bodies = Enumerable.Range(0, options.Posts).Select(i => payload(domain, $"bomb-{i}-{Guid.NewGuid():N}")).ToList();
    var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var posts = bodies.Select(async body =>
    {
        await go.Task;
        try
        {
            return ((int)await PostAsync(http, token, body)).ToString(CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException ex)
        {
            return $"error:{ex.HttpRequestError}";
        }
    }).ToList();
    go.SetResult();
    var statuses = await Task.WhenAll(posts);
    return $"{options.Posts}×{bodies[0].Length / 1024} KB: " + Count(statuses);
}

// Attack B: 6 SMTP sessions at once, each mailing one message of 20 such report parts.
async Task<string> SmtpAttackAsync(int port, string domain, string token)
{
    var messages = Enumerable.Range(0, options.Mails)
        .Select(m => Enumerable.Range(0, options.Parts).Select(p => Payloads.Bomb(domain, $"mail-{m}-{p}-{Guid.NewGuid():N}")).ToList())
        .ToList();
    var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var sends = messages.Select(async parts =>
    {
        await go.Task;
        return await SendMailAsync(port, domain, token, parts);
    }).ToList();
    go.SetResult();
    var replies = await Task.WhenAll(sends);
    foreach (var reply in replies.Distinct())
    {
        Console.WriteLine($"   reply: {reply}");
    }

    return $"{options.Mails}×{options.Parts} parts: " + Count(replies.Select(r => r[..3]));
}

// Storage: 20 valid reports padded to just under 50 MiB, one after another, then the corpus.
async Task<string> StorageAsync(PlatformProcess platform, HttpClient http, string gc, string store, string domain, string token, string data)
{
    await Task.Delay(TimeSpan.FromSeconds(2));
    var before = await StoreSizeAsync(data);
    var clock = Stopwatch.StartNew();
    var statuses = new List<string>();
    for (var i = 0; i < options.Padded; i++)
    {
        var body = Payloads.Bomb(domain, $"padded-{i}-{Guid.NewGuid():N}");
        statuses.Add(((int)await PostAsync(http, token, body)).ToString(CultureInfo.InvariantCulture));
    }

    var seconds = clock.Elapsed.TotalSeconds;
    await Task.Delay(TimeSpan.FromSeconds(2));
    var after = await StoreSizeAsync(data);
    var paddedRaw = await RawSizesAsync(data, domain, "padded-%");
    Console.WriteLine($"   {options.Padded} padded reports: {Count(statuses)} in {seconds:F1} s; store {before:N0} → {after:N0} bytes (+{after - before:N0}); raw column {paddedRaw.Sum(r => r.Stored):N0} bytes for {paddedRaw.Count} reports ({paddedRaw.Sum(r => r.Stored) / Math.Max(1, paddedRaw.Count):N0} each)");

    // Typical reports: the corpus as received (plain JSON), and what the raw column holds for each.
    var received = new Dictionary<string, (string File, int Json, int Gzip)>();
    var files = Directory.Exists(options.Corpus)
        ? Directory.GetFiles(options.Corpus, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
        : [];
    var corpusStatuses = new List<string>();
    foreach (var (file, n) in files.Select((f, n) => (f, n)))
    {
        var suffix = $"corpus{n}";
        var json = Encoding.UTF8.GetBytes(Payloads.Retarget(await File.ReadAllTextAsync(file), domain, suffix));
        using var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/tlsrpt+json");
        using var response = await http.PostAsync($"/v1/reports/{token}", content);
        corpusStatuses.Add(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
        if (response.IsSuccessStatusCode)
        {
            var id = (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
            received[id.ToString(CultureInfo.InvariantCulture)] = (Path.GetRelativePath(options.Corpus, file), json.Length, Payloads.Gzip(json).Length);
        }
        else
        {
            Console.WriteLine($"   {file}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    var corpusRaw = await RawSizesAsync(data, domain, "%corpus%");
    var matched = corpusRaw.Where(r => received.ContainsKey(r.PublicId)).ToList();
    foreach (var r in matched.OrderBy(r => received[r.PublicId].File, StringComparer.Ordinal))
    {
        var (file, json, gzip) = received[r.PublicId];
        Console.WriteLine($"   {file}: received {json} B JSON (gzip {gzip} B), raw column {r.Stored} B{(r.OnDisk is { } d ? $", on disk {d} B" : string.Empty)}");
    }

    var meanReceived = matched.Count == 0 ? 0 : matched.Average(r => received[r.PublicId].Json);
    var meanGzip = matched.Count == 0 ? 0 : matched.Average(r => received[r.PublicId].Gzip);
    var meanStored = matched.Count == 0 ? 0 : matched.Average(r => r.Stored);
    var meanDisk = matched.Count == 0 || matched.Any(r => r.OnDisk is null) ? (double?)null : matched.Average(r => r.OnDisk!.Value);
    var corpusLine = string.Create(CultureInfo.InvariantCulture,
        $"corpus {matched.Count}/{files.Count} ({Count(corpusStatuses)}): mean received {meanReceived:F0} B, gzip {meanGzip:F0} B, raw column {meanStored:F0} B{(meanDisk is { } m ? $", pg_column_size {m:F0} B" : string.Empty)}");
    Console.WriteLine($"   {corpusLine}");
    _ = gc;
    _ = platform;
    return string.Create(CultureInfo.InvariantCulture,
        $"| {gc} | storage | {store} | {options.Padded}× padded: {Count(statuses)}; store +{after - before:N0} B ({before:N0} → {after:N0}); raw {paddedRaw.Sum(r => r.Stored):N0} B; {corpusLine} | | | | | | | | | {seconds:F1} |");
}

async Task<long> StoreSizeAsync(string data)
{
    if (options.Connection is null)
    {
        return Directory.GetFiles(data, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    }

    await using var connection = new NpgsqlConnection(options.Connection);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
    return (long)(await command.ExecuteScalarAsync())!;
}

// The stored size of the raw column, per report of the domain whose report-id matches the pattern.
async Task<List<(string PublicId, long Stored, long? OnDisk)>> RawSizesAsync(string data, string domain, string reportIdPattern)
{
    var sizes = new List<(string, long, long?)>();
    if (options.Connection is null)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "platform.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT public_id, length(raw) FROM reports WHERE domain = @d AND report_id LIKE @p", connection);
        command.Parameters.AddWithValue("@d", domain);
        command.Parameters.AddWithValue("@p", reportIdPattern);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sizes.Add((Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!, reader.GetInt64(1), null));
        }
    }
    else
    {
        await using var connection = new NpgsqlConnection(options.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT public_id, octet_length(raw), pg_column_size(raw) FROM reports WHERE domain = @d AND report_id LIKE @p", connection);
        command.Parameters.AddWithValue("d", domain);
        command.Parameters.AddWithValue("p", reportIdPattern);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sizes.Add((Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!, Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture)));
        }
    }

    return sizes;
}

static async Task<System.Net.HttpStatusCode> PostAsync(HttpClient http, string token, byte[] body)
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/tlsrpt+gzip");
    using var response = await http.PostAsync($"/v1/reports/{token}", content);
    return response.StatusCode;
}

static async Task<string> SendMailAsync(int port, string domain, string token, IReadOnlyList<byte[]> parts)
{
    using var client = new SmtpClient { Timeout = 180_000 };
    await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
    using var message = new MimeMessage();
    message.From.Add(MailboxAddress.Parse("noreply-smtp-tls-reporting@sender.example"));
    message.To.Add(MailboxAddress.Parse($"{token}@reports.localhost"));
    message.Subject = $"Report Domain: {domain} Submitter: sender.example";
    message.Headers.Add("TLS-Report-Submitter", "sender.example");
    var body = new MultipartReport("tlsrpt") { new TextPart("plain") { Text = "This is an aggregate TLS report." } };
    foreach (var (part, i) in parts.Select((p, i) => (p, i)))
    {
        body.Add(new MimePart("application", "tlsrpt+gzip")
        {
            Content = new MimeContent(new MemoryStream(part)),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = $"sender.example!{domain}!{i}!1.json.gz",
        });
    }

    message.Body = body;
    string reply;
    try
    {
        reply = "250 " + await client.SendAsync(message);
    }
    catch (SmtpCommandException ex)
    {
        reply = $"{(int)ex.StatusCode} {ex.Message}";
    }

    if (client.IsConnected)
    {
        await client.DisconnectAsync(true);
    }

    return reply.Length > 200 ? reply[..200] + "…" : reply;
}

// The runtime's own knobs (environment variables override the app's runtimeconfig.json), one set per label.
static Dictionary<string, string> GcEnvironment(string gc) => gc switch
{
    "default" => [],
    "server-nodatas" => new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "0" },
    "server-conserve" => new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCConserveMemory"] = "5" },
    "server-retainvm" => new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCRetainVM"] = "1" },
    "workstation" => new() { ["DOTNET_gcServer"] = "0" },
    "workstation-conserve" => new() { ["DOTNET_gcServer"] = "0", ["DOTNET_GCConserveMemory"] = "5" },
    "workstation-nonconcurrent" => new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "0" },
    _ => throw new ArgumentException($"Unknown GC configuration '{gc}'."),
};

static string Describe(Dictionary<string, string> environment) =>
    environment.Count == 0 ? "the app's runtimeconfig as built" : string.Join(" ", environment.Select(e => $"{e.Key}={e.Value}"));

static string Count(IEnumerable<string> values) =>
    string.Join(", ", values.GroupBy(v => v).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()}×{g.Key}"));

static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F0} MiB");

static string Signed(long bytes) => (bytes >= 0 ? "+" : "−") + Mib(Math.Abs(bytes));
