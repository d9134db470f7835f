using System.Globalization;

namespace TlsRptPlatform.AbuseBench;

/// <summary>
/// Command line: <c>--silo DLL [--connection PG] [--gc default,workstation,…] [--scenario https,https-lie,https-multi,smtp,storage]
/// [--posts 40] [--mails 6] [--parts 20] [--padded 20] [--settle 60] [--corpus DIR] [--work DIR]</c>.
/// </summary>
/// <remarks>Without <c>--connection</c> the platform runs on its embedded SQLite store in a fresh data directory per run.</remarks>
internal sealed record BenchOptions(
    string Silo, string? Connection, string AdminKey, IReadOnlyList<string> GcConfigs, IReadOnlyList<string> Scenarios,
    int Posts, int Mails, int Parts, int Padded, int Settle, string Corpus, string Work)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        int Int(string key, int fallback, int max) =>
            Math.Clamp(values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback, 1, max);
        IReadOnlyList<string> List(string key, string fallback) =>
            values.GetValueOrDefault(key, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new BenchOptions(
            Path.GetFullPath(values.GetValueOrDefault("silo", "src/Silo/bin/Release/net10.0/TlsRptPlatform.Silo.dll")),
            values.TryGetValue("connection", out var connection) && connection.Length > 0 ? connection : null,
            values.GetValueOrDefault("admin-key", "bench-admin"),
            List("gc", "default"),
            List("scenario", "https,smtp"),
            Int("posts", 40, 200),
            Int("mails", 6, 50),
            Int("parts", 20, 20),
            Int("padded", 20, 100),
            Math.Max(30, Int("settle", 60, 600)),
            Path.GetFullPath(values.GetValueOrDefault("corpus", "../shared/corpus")),
            Path.GetFullPath(values.GetValueOrDefault("work", Path.Combine(Path.GetTempPath(), "tlsrpt-abuse"))));
    }
}
