using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using TlsRptPlatform.Protocol.Tests;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>Corpus reports re-addressed to a test domain, and helpers to deliver them.</summary>
public static class Reports
{
    /// <summary>A corpus report with every policy-domain set to <paramref name="domain"/> and, optionally, a new report-id.</summary>
    public static byte[] For(string corpusFile, string domain, string? reportId = null, DateOnly? day = null)
    {
        var json = JsonNode.Parse(Corpus.Read(corpusFile))!.AsObject();
        if (day is { } d)
        {
            json["date-range"] = new JsonObject
            {
                ["start-datetime"] = $"{d:yyyy-MM-dd}T00:00:00Z",
                ["end-datetime"] = $"{d:yyyy-MM-dd}T23:59:59Z",
            };
        }

        foreach (var policy in json["policies"]!.AsArray())
        {
            var p = policy!["policy"]!.AsObject();
            if (p.ContainsKey("policy-domain"))
            {
                p["policy-domain"] = domain;
            }
        }

        if (reportId is not null)
        {
            json["report-id"] = reportId;
        }

        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    /// <summary>A minimal valid report for one STS policy of <paramref name="domain"/> with the given session counts.</summary>
    /// <param name="mx">The receiving MX of the failures; <c>mx.</c> + the domain unless given.</param>
    public static byte[] WithSessions(string domain, string reportId, DateOnly day, long successful, long failed, string resultType = "certificate-expired", string organization = "Test Reporter", string? mx = null, string mode = "enforce")
    {
        var report = new JsonObject
        {
            ["organization-name"] = organization,
            ["date-range"] = new JsonObject { ["start-datetime"] = $"{day:yyyy-MM-dd}T00:00:00Z", ["end-datetime"] = $"{day:yyyy-MM-dd}T23:59:59Z" },
            ["contact-info"] = "tlsrpt@reporter.test",
            ["report-id"] = reportId,
            ["policies"] = new JsonArray(new JsonObject
            {
                ["policy"] = new JsonObject { ["policy-type"] = "sts", ["policy-string"] = new JsonArray("version: STSv1", $"mode: {mode}"), ["policy-domain"] = domain },
                ["summary"] = new JsonObject { ["total-successful-session-count"] = successful, ["total-failure-session-count"] = failed },
                ["failure-details"] = failed == 0
                    ? new JsonArray()
                    : new JsonArray(new JsonObject
                    {
                        ["result-type"] = resultType,
                        ["sending-mta-ip"] = "192.0.2.10",
                        ["receiving-mx-hostname"] = mx ?? $"mx.{domain}",
                        ["failed-session-count"] = failed,
                    }),
            }),
        };
        return Encoding.UTF8.GetBytes(report.ToJsonString());
    }

    /// <summary>The report with whitespace after its opening brace until it is <paramref name="length"/> bytes long: valid, and as large as an attacker likes.</summary>
    public static byte[] Padded(byte[] json, int length)
    {
        var padded = new byte[length];
        padded.AsSpan().Fill((byte)' ');
        padded[0] = (byte)'{';
        json.AsSpan(1).CopyTo(padded.AsSpan(length - json.Length + 1));
        return padded;
    }

    public static Task<HttpResponseMessage> PostGzipAsync(this HttpClient http, string token, byte[] json) =>
        http.PostAsync($"/v1/reports/{token}", Body(Corpus.Gzip(json), "application/tlsrpt+gzip"));

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string token, byte[] json) =>
        http.PostAsync($"/v1/reports/{token}", Body(json, "application/tlsrpt+json"));

    public static ByteArrayContent Body(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }
}
