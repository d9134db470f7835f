using System.Globalization;

namespace TlsRptPlatform.LoadTest;

/// <summary>Command line: <c>--url U --admin-key K [--reports N] [--domains M] [--concurrency C] [--rate R] [--warmup W] [--smtp host:port --report-domain D] [--import mbox|zip] [--max-details K]</c>.</summary>
/// <remarks>With <c>--smtp</c>, reports are mailed to the SMTP listener (each sender keeps one connection) instead of POSTed.</remarks>
/// <remarks>The first W reports (default 1,000) warm up JIT, pools and grains and are not measured.</remarks>
/// <remarks>With <c>--max-details K</c>, report n has 1 + n mod K failure details (real reports vary in size); without it, two.</remarks>
/// <remarks>With <c>--import</c>, the N reports are uploaded as one archive for the first domain instead (<see cref="ImportRun"/>).</remarks>
internal sealed record LoadOptions(Uri Url, string AdminKey, int Reports, int Domains, int Concurrency, int? Rate, int Warmup, string? Smtp, string ReportDomain, string? Import, int? MaxDetails)
{
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new LoadOptions(
            new Uri(values.GetValueOrDefault("url", "http://127.0.0.1:8080")),
            values.GetValueOrDefault("admin-key") ?? throw new ArgumentException("--admin-key is required"),
            Int("reports", 10_000),
            Int("domains", 100),
            Int("concurrency", 32),
            values.ContainsKey("rate") ? Int("rate", 0) : null,
            Int("warmup", 1_000),
            values.GetValueOrDefault("smtp"),
            values.GetValueOrDefault("report-domain", "reports.localhost"),
            values.GetValueOrDefault("import"),
            values.ContainsKey("max-details") ? Int("max-details", 2) : null);
    }
}
