using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace TlsRptPlatform.QueryBench;

/// <summary>
/// One report per sender and day for a domain (RFC 8460 §4 JSON, gzip): each
/// sender reports every day on an sts policy with three MX hosts; most days carry a few failure details with result
/// types in realistic proportions and sending IPs drawn from a pool, so the period sees most of the pool's addresses.
/// Deterministic (fixed seed), so runs before and after a change see the same data.
/// </summary>
internal sealed class ReportHistory(string domain, int ips)
{
    private static readonly string[] Organizations =
    [
        "Google LLC", "Microsoft Corporation", "Yahoo Inc.", "Comcast", "mail.ru", "Zoho", "Fastmail", "Proton AG",
        "GMX", "WEB.DE", "Apple Inc.", "Amazon SES", "Mailchimp", "SendGrid", "OVH", "Orange", "T-Online", "Seznam", "Yandex", "iCloud",
    ];

    // Weighted: expiry and STARTTLS problems dominate real reports, the rest are rare.
    private static readonly (string Type, int Weight)[] ResultTypes =
    [
        ("certificate-expired", 30), ("starttls-not-supported", 25), ("validation-failure", 15), ("certificate-host-mismatch", 12),
        ("sts-policy-fetch-error", 8), ("certificate-not-trusted", 5), ("sts-webpki-invalid", 3), ("sts-policy-invalid", 2),
    ];

    public string[] MxHosts { get; } = [$"mx1.{domain}", $"mx2.{domain}", $"mx3.{domain}"];

    public string Organization(int reporter) =>
        reporter < Organizations.Length ? Organizations[reporter] : string.Create(CultureInfo.InvariantCulture, $"Sender {reporter}");

    /// <summary>Address <paramref name="n"/> of the pool: documentation and private ranges only.</summary>
    public static string Ip(int n) => string.Create(CultureInfo.InvariantCulture, $"10.{n / 65_536 % 256}.{n / 256 % 256}.{n % 256}");

    public byte[] Report(DateOnly day, int reporter)
    {
        var random = new Random(HashCode.Combine(day.DayNumber, reporter));
        var failures = new List<object>();
        // One report in five is clean; the others carry one to six failure details.
        var details = random.Next(5) == 0 ? 0 : 1 + random.Next(6);
        var failed = 0;
        for (var i = 0; i < details; i++)
        {
            var count = 1 + random.Next(40);
            failed += count;
            failures.Add(new Dictionary<string, object>
            {
                ["result-type"] = Pick(random),
                ["sending-mta-ip"] = Ip(random.Next(ips)),
                ["receiving-mx-hostname"] = MxHosts[random.Next(MxHosts.Length)],
                ["failed-session-count"] = count,
            });
        }

        var report = new Dictionary<string, object>
        {
            ["organization-name"] = Organization(reporter),
            ["date-range"] = new Dictionary<string, string>
            {
                ["start-datetime"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z",
                ["end-datetime"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T23:59:59Z",
            },
            ["contact-info"] = "smtp-tls-reporting@sender.example",
            ["report-id"] = string.Create(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd}-{reporter}@{domain}"),
            ["policies"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["policy"] = new Dictionary<string, object>
                    {
                        ["policy-type"] = "sts",
                        ["policy-string"] = new[] { "version: STSv1", "mode: enforce", $"mx: *.{domain}", "max_age: 604800" },
                        ["policy-domain"] = domain,
                        ["mx-host"] = new[] { $"*.{domain}" },
                    },
                    ["summary"] = new Dictionary<string, int>
                    {
                        ["total-successful-session-count"] = 200 + random.Next(5_000),
                        ["total-failure-session-count"] = failed,
                    },
                    ["failure-details"] = failures,
                },
            },
        };
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(report)));
        }

        return output.ToArray();
    }

    private static string Pick(Random random)
    {
        var roll = random.Next(ResultTypes.Sum(t => t.Weight));
        foreach (var (type, weight) in ResultTypes)
        {
            if ((roll -= weight) < 0)
            {
                return type;
            }
        }

        return ResultTypes[0].Type;
    }
}
