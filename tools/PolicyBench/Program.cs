using System.Diagnostics;
using System.Globalization;
using Npgsql;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Silo.Hosting;

// Usage: PolicyBench <PostgreSQL connection string> [domains=100000] [max concurrent checks=16]
// tools/PolicyBench/bench.sh starts a private PostgreSQL and runs this; numbers go to docs/BENCHMARKS.md.
var connectionString = args[0];
var domains = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var concurrency = args.Length > 2 ? args[2] : "16";

await using var dns = new TestDnsServer();
for (var i = 0; i < domains; i++)
{
    dns.AddTxt($"_smtp._tls.d{i}.bench", $"v=TLSRPTv1; rua=mailto:tok{i}@reports.bench");
    dns.AddMx($"d{i}.bench", 10, $"mx.d{i}.bench");
}

string[] settings =
[
    $"--ConnectionStrings:Platform={connectionString}",
    "--Platform:AdminApiKey=bench-admin",
    "--Urls=http://127.0.0.1:0",
    $"--Dns:Servers:0={dns.Endpoint}",
    "--Dns:Timeout=00:00:05",
    "--Dns:SchedulerTick=00:00:01",
    $"--Dns:MaxConcurrentChecks={concurrency}",
    "--Logging:LogLevel:Default=Warning",
];

// The schema, then N registered domains that are all due now, as after a restore or a mass import.
await PlatformHost.MigrateAsync(settings);
await using (var connection = new NpgsqlConnection(connectionString))
{
    await connection.OpenAsync();
    await using var insert = new NpgsqlCommand(
        """
        INSERT INTO tenants (id, name, created_at) VALUES ('t_bench', 'Bench', 0) ON CONFLICT DO NOTHING;
        DELETE FROM domains;
        INSERT INTO domains (name, tenant_id, report_token, created_at, next_check_at)
        SELECT 'd' || i || '.bench', 't_bench', 'tok' || i, 0, 0 FROM generate_series(0, @n - 1) AS i;
        """, connection);
    insert.Parameters.AddWithValue("n", domains);
    await insert.ExecuteNonQueryAsync();
}

var process = Process.GetCurrentProcess();
var startWatch = Stopwatch.StartNew();
var app = PlatformHost.Build(settings);
await app.StartAsync();
var startup = startWatch.Elapsed;
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
process.Refresh();
var cpuBefore = process.TotalProcessorTime;
var checkWatch = Stopwatch.StartNew();
var checkedCount = 0L;
var horizon = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
await using (var connection = new NpgsqlConnection(connectionString))
{
    await connection.OpenAsync();
    while (checkedCount < domains)
    {
        await Task.Delay(1000);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM domains WHERE next_check_at > @h", connection);
        count.Parameters.AddWithValue("h", horizon);
        checkedCount = (long)(await count.ExecuteScalarAsync())!;
        Console.Error.Write($"\r{checkedCount}/{domains} checked after {checkWatch.Elapsed.TotalSeconds:0} s");
    }
}

var elapsed = checkWatch.Elapsed;
process.Refresh();
var cpu = process.TotalProcessorTime - cpuBefore;
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
Console.Error.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"domains: {domains}, Dns:MaxConcurrentChecks: {concurrency}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start-up with {domains} registered domains: {startup.TotalSeconds:0.00} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"checks: {domains} in {elapsed.TotalSeconds:0.0} s = {domains / elapsed.TotalSeconds:0} checks/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU: {cpu.TotalSeconds:0.0} s over {elapsed.TotalSeconds:0.0} s = {cpu.TotalSeconds / elapsed.TotalSeconds / Environment.ProcessorCount * 100:0} % of {Environment.ProcessorCount} cores (platform and DNS server in one process)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"managed heap: {heapBefore / 1048576.0:0} MiB before, {heapAfter / 1048576.0:0} MiB with {domains} idle domain grains = {(heapAfter - heapBefore) / (double)domains:0} bytes per grain"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"working set: {process.WorkingSet64 / 1048576.0:0} MiB"));
await app.StopAsync();
await app.DisposeAsync();
