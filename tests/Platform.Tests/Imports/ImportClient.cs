using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Imports;

/// <summary>Uploads an archive as a tenant and waits for its job to end.</summary>
internal static class ImportClient
{
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient tenant, string domain, byte[] archive, string query = "")
    {
        using var content = new ByteArrayContent(archive);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        return await tenant.PostAsync($"/v1/domains/{domain}/imports{query}", content);
    }

    /// <summary>Uploads, expects 202, and returns the job once it has completed, failed or been interrupted.</summary>
    public static async Task<JsonNode> ImportAsync(this HttpClient tenant, string domain, byte[] archive, string query = "")
    {
        using var response = await tenant.UploadAsync(domain, archive, query);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("/v1/imports/imp_", location, StringComparison.Ordinal);
        return await FinishedAsync(tenant, location);
    }

    public static async Task<JsonNode> FinishedAsync(HttpClient tenant, string location)
    {
        JsonNode? job = null;
        await Eventually.TrueAsync(
            async () =>
            {
                job = await tenant.GetFromJsonAsync<JsonNode>(location);
                return (string)job!["status"]! is not ("queued" or "running");
            },
            seconds: 60,
            what: "the import to finish");
        return job!;
    }

    /// <summary>The number of refused items for a reason (0 when none).</summary>
    public static long RefusedFor(this JsonNode job, string reason) =>
        job["refusals"]!.AsArray().Where(r => (string)r!["reason"]! == reason).Select(r => (long)r!["count"]!).SingleOrDefault();
}
