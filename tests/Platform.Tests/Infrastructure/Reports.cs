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
