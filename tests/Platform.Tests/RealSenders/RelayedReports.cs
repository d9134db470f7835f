using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MimeKit;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.RealSenders;

/// <summary>What the real-sender tests mail and look at: report mails for a registered domain's published address.</summary>
internal static class RelayedReports
{
    public const string Sender = $"noreply-smtp-tls-reporting@{PostfixConfiguration.SenderDomain}";

    /// <summary>The day every report covers.</summary>
    public static readonly DateOnly Day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    public static MimeMessage Report(string domain, string reportId, long successful, long failed) =>
        ReportMails.Report(domain, Reports.WithSessions(domain, reportId, Day, successful, failed), gzip: true);

    /// <summary>Registers a domain and returns the address its TLS-RPT record publishes (<c>ruaMailto</c>).</summary>
    public static async Task<(string Name, string Address)> RegisterAsync(HttpClient tenant)
    {
        using var response = await tenant.PostAsJsonAsync("/v1/domains", new { name = $"t{Guid.NewGuid():N}.example" });
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return ((string)body["name"]!, ((string)body["ruaMailto"]!)["mailto:".Length..]);
    }

    public static async Task<JsonNode> SummaryAsync(HttpClient tenant, string name) =>
        JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/summary?from={Day:yyyy-MM-dd}&to={Day:yyyy-MM-dd}"))!;
}
