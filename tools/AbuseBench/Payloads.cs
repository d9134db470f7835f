using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace TlsRptPlatform.AbuseBench;

/// <summary>The attack bodies: valid ~1 KB reports padded with whitespace to just under the 50 MiB limit, gzipped.</summary>
internal static partial class Payloads
{
    /// <summary>Just under <c>Ingestion:Limits:MaxDecompressedBytes</c> (50 MiB), so every body is a valid report.</summary>
    public const int PaddedSize = (50 * 1024 * 1024) - 1024;

    public static DateOnly Yesterday => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    /// <summary>A Google-like daily report (one sts policy, two failure details), about 1 KB.</summary>
    public static string Report(string domain, string reportId)
    {
        var day = Yesterday;
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {"organization-name":"Abuse Bench","date-range":{"start-datetime":"{{day:yyyy-MM-dd}}T00:00:00Z","end-datetime":"{{day:yyyy-MM-dd}}T23:59:59Z"},
             "contact-info":"tls@sender.example","report-id":"{{reportId}}",
             "policies":[{"policy":{"policy-type":"sts","policy-string":["version: STSv1","mode: enforce","mx: mx.{{domain}}","max_age: 604800"],"policy-domain":"{{domain}}","mx-host":["mx.{{domain}}"]},
               "summary":{"total-successful-session-count":120,"total-failure-session-count":3},
               "failure-details":[{"result-type":"certificate-expired","sending-mta-ip":"198.51.100.7","receiving-mx-hostname":"mx.{{domain}}","failed-session-count":2},
                                  {"result-type":"starttls-not-supported","sending-mta-ip":"198.51.100.8","receiving-mx-hostname":"mx.{{domain}}","failed-session-count":1}]}]}
            """);
    }

    /// <summary>The report followed by whitespace up to <paramref name="size"/> bytes of JSON.</summary>
    public static byte[] Padded(string report, int size)
    {
        var json = Encoding.UTF8.GetBytes(report);
        var padded = new byte[size];
        json.CopyTo(padded, 0);
        padded.AsSpan(json.Length).Fill((byte)' ');
        return padded;
    }

    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>One honest gzip member inflating to <see cref="PaddedSize"/> bytes (about 51 KB).</summary>
    public static byte[] Bomb(string domain, string reportId) => Gzip(Padded(Report(domain, reportId), PaddedSize));

    /// <summary>The same member with an ISIZE trailer that claims 4 KB: the platform reserves little, then inflates 50 MiB.</summary>
    public static byte[] LyingBomb(string domain, string reportId)
    {
        var gzip = Bomb(domain, reportId);
        BinaryPrimitives.WriteUInt32LittleEndian(gzip.AsSpan(gzip.Length - 4), 4096);
        return gzip;
    }

    /// <summary>
    /// Two honest members: the padded report, then one more space. The last member's trailer (what ISIZE means) says
    /// 1 byte, so the inflater grows its buffer from 4 KB as it goes; the report is valid.
    /// </summary>
    public static byte[] MultiMemberBomb(string domain, string reportId)
    {
        var first = Gzip(Padded(Report(domain, reportId), PaddedSize - 1));
        var second = Gzip(" "u8);
        return [.. first, .. second];
    }

    /// <summary>A corpus report made deliverable today: dates set to yesterday, policy-domain to ours, report-id unique. Formatting is kept.</summary>
    public static string Retarget(string json, string domain, string suffix)
    {
        var day = Yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        json = StartRegex().Replace(json, m => $"{m.Groups[1].Value}\"{day}T00:00:00Z\"");
        json = EndRegex().Replace(json, m => $"{m.Groups[1].Value}\"{day}T23:59:59Z\"");
        json = PolicyDomainRegex().Replace(json, m => $"{m.Groups[1].Value}\"{domain}\"");
        return ReportIdRegex().Replace(json, m => $"{m.Groups[1].Value}\"{m.Groups[2].Value}-{suffix}\"");
    }

    [GeneratedRegex("(\"start-datetime\"\\s*:\\s*)\"[^\"]*\"")]
    private static partial Regex StartRegex();

    [GeneratedRegex("(\"end-datetime\"\\s*:\\s*)\"[^\"]*\"")]
    private static partial Regex EndRegex();

    [GeneratedRegex("(\"policy-domain\"\\s*:\\s*)\"[^\"]*\"")]
    private static partial Regex PolicyDomainRegex();

    [GeneratedRegex("(\"report-id\"\\s*:\\s*)\"([^\"]*)\"")]
    private static partial Regex ReportIdRegex();
}
