using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Dashboard;

/// <summary>One report laid out in the browser beside its JSON, reached from the domain page's report list.</summary>
public partial class DashboardBrowserTests
{
    [Fact]
    public async Task A_report_is_laid_out_beside_its_json_and_shows_what_the_sender_reported()
    {
        var (key, tenant) = await TenantAsync("Report view");
        var (name, token) = await tenant.RegisterDomainAsync();
        await PostAsync(token, Reports.WithSessions(name, "rv-report-1", Yesterday, 12_345, 678, "validation-failure", "Example Sender"));
        var id = (long)JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reports"))!.AsArray()[0]!["id"]!;

        await using var session = await SignInAsync(key);
        var page = session.Page;
        await page.GotoAsync($"{platform.BaseUrl}#/domains/{name}");
        await page.Locator("#reports").GetByRole(AriaRole.Link, new() { Name = "View" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Report rv-report-1" })).ToBeVisibleAsync();
        Assert.EndsWith($"#/domains/{name}/reports/{id}", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Example Sender");
        var policy = page.Locator(".report-policy").First;
        await Assertions.Expect(policy.Locator("[data-field=successful]")).ToHaveTextAsync("12,345");
        await Assertions.Expect(policy.Locator("[data-field=failed]")).ToHaveTextAsync("678");
        var failure = policy.Locator("table.failures tbody tr").First;
        await Assertions.Expect(failure.Locator(".result-type")).ToHaveTextAsync("validation-failure");
        await Assertions.Expect(failure).ToContainTextAsync("192.0.2.10");
        await Assertions.Expect(failure).ToContainTextAsync($"mx.{name}");
        await Assertions.Expect(failure.Locator("td.num")).ToHaveTextAsync("678");

        // The JSON beside it is the stored report, not a rendering of the numbers above.
        var shown = JsonNode.Parse(await page.Locator("#report-json").InnerTextAsync())!;
        var raw = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reports/{id.ToString(CultureInfo.InvariantCulture)}/raw"))!;
        Assert.True(JsonNode.DeepEquals(raw, shown), "the JSON pane differs from /raw");
        Assert.True(session.ScriptErrors.Count == 0, string.Join("\n", session.ScriptErrors));
        await ShotAsync(page, "report-1440");
        await AssertNoPageScrollAsync(page, "report at 1440 px");
        await page.SetViewportSizeAsync(390, 844);
        await ShotAsync(page, "report-390");
        await AssertNoPageScrollAsync(page, "report at 390 px");

        // An id the domain has no report under is not found, and the page says so.
        await page.GotoAsync($"{platform.BaseUrl}#/domains/{name}/reports/{id + 1}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Report not found" })).ToBeVisibleAsync();
    }
}
