using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Platform.Tests.Api;

public class RetentionTests(ShortRetentionPlatform platform) : IClassFixture<ShortRetentionPlatform>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task A_report_older_than_the_retention_period_is_refused_plainly()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();

        using var old = await platform.Http.PostGzipAsync(token, Reports.For("parsedmarc/smtp_tls.json", name, "old", Today.AddDays(-31)));
        using var recent = await platform.Http.PostGzipAsync(token, Reports.For("parsedmarc/smtp_tls.json", name, "recent", Today.AddDays(-30)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, old.StatusCode);
        Assert.Equal("urn:tlsrpt-platform:problem:report-outside-retention", (string?)JsonNode.Parse(await old.Content.ReadAsStringAsync())!["type"]);
        Assert.Equal(HttpStatusCode.Created, recent.StatusCode);
    }

    [Fact]
    public async Task Pruning_removes_reports_and_aggregates_of_old_days_only()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        using var older = await platform.Http.PostGzipAsync(token, Reports.For("parsedmarc/smtp_tls.json", name, "a", Today.AddDays(-20)));
        using var newer = await platform.Http.PostGzipAsync(token, Reports.For("parsedmarc/smtp_tls.json", name, "b", Today.AddDays(-5)));
        var olderId = (long)JsonNode.Parse(await older.Content.ReadAsStringAsync())!["id"]!;

        await platform.Services.GetRequiredService<ReportStore>().PruneBeforeAsync(Today.AddDays(-10));

        var summary = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/summary?from={Today.AddDays(-30):yyyy-MM-dd}&to={Today:yyyy-MM-dd}"))!;
        var daily = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/daily?from={Today.AddDays(-20):yyyy-MM-dd}&to={Today.AddDays(-20):yyyy-MM-dd}"))!;
        using var raw = await tenant.GetAsync($"/v1/domains/{name}/reports/{olderId}/raw");
        Assert.Equal(1, (long)summary["reports"]!);
        Assert.Equal(0, (long)daily[0]!["reports"]!);
        Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
    }
}
