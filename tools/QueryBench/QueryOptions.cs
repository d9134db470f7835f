using System.Globalization;

namespace TlsRptPlatform.QueryBench;

/// <summary>Command line: <c>--url U --admin-key K [--days 400] [--reporters 20] [--ips 5000] [--requests 50] [--warmup 5] [--concurrency 8] [--settle 0]</c>.</summary>
/// <remarks><c>--settle S</c> waits S seconds between the fill and the queries: long enough for PostgreSQL's autovacuum
/// (its default naptime is a minute) to analyze the new rows, as it has long done for any store that has held a domain
/// for 400 days.</remarks>
internal sealed record QueryOptions(Uri Url, string AdminKey, int Days, int Reporters, int Ips, int Requests, int Warmup, int Concurrency, int Settle)
{
    public static QueryOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new QueryOptions(
            new Uri(values.GetValueOrDefault("url", "http://127.0.0.1:8080")),
            values.GetValueOrDefault("admin-key") ?? throw new ArgumentException("--admin-key is required"),
            Int("days", 400),
            Int("reporters", 20),
            Int("ips", 5_000),
            Int("requests", 50),
            Int("warmup", 5),
            Int("concurrency", 8),
            Int("settle", 0));
    }
}
