using System.Net;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Dashboard;

/// <summary>The MTA-STS panel of the domain page in Chromium: editor pre-filled from MX, records, readiness, the switch.</summary>
public class DashboardMtaStsTests(MtaStsPlatform platform) : IClassFixture<MtaStsPlatform>
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task The_panel_hosts_a_policy_from_the_mx_records_shows_its_records_and_readiness_and_switches_to_enforce()
    {
        var (key, tenant) = await TenantClient.CreateTenantWithKeyAsync(platform.BaseUrl, "Hosted");
        using var tenantClient = tenant;
        var (name, _) = await tenant.RegisterDomainAsync();
        platform.Dns.AddMx(name, 10, $"mx1.{name}");
        platform.Dns.AddCname($"mta-sts.{name}", MtaStsPlatform.PolicyHost);
        using (var check = await tenant.PostAsync($"/v1/domains/{name}/checks", null))
        {
            Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } })).NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await page.GotoAsync(platform.BaseUrl.ToString());
        await DashboardSignIn.WithKeyAsync(page, key);
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await Assertions.Expect(page.Locator("#mta-sts")).ToContainTextAsync("not hosted");
        await Assertions.Expect(page.Locator("#mta-sts-mx")).ToHaveValueAsync($"mx1.{name}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save policy" }).ClickAsync();

        var records = page.Locator("#mta-sts-records tbody tr");
        await Assertions.Expect(records).ToHaveCountAsync(2);
        var policy = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/mta-sts/policy"))!;
        await Assertions.Expect(records.Nth(0)).ToContainTextAsync(MtaStsPlatform.PolicyHost);
        await Assertions.Expect(records.Nth(0)).ToContainTextAsync("in DNS");
        await Assertions.Expect(records.Nth(1)).ToContainTextAsync($"v=STSv1; id={policy["id"]}");
        await Assertions.Expect(records.Nth(1)).ToContainTextAsync("not yet");
        await Assertions.Expect(page.Locator("#mta-sts-readiness li")).ToHaveCountAsync(7);
        await Assertions.Expect(page.Locator("#mta-sts-readiness")).ToContainTextAsync("testing-period");

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to enforce" }).ClickAsync();
        await Assertions.Expect(page.Locator("#mta-sts-enforce-result")).ToContainTextAsync("Not every readiness check passes");
        Assert.Equal("testing", (string?)JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/mta-sts/policy"))!["mode"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to enforce" }).ClickAsync();
        await Assertions.Expect(page.Locator("#mta-sts")).ToContainTextAsync("hosted here enforce");
        var enforced = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/mta-sts/policy"))!;
        Assert.Equal("enforce", (string?)enforced["mode"]);
        Assert.NotEqual((string?)policy["id"], (string?)enforced["id"]);

        Assert.Empty(scriptErrors);
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "domain-mta-sts.png"), FullPage = true });
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("; ", serious.Select(v => $"{v.Id}: {v.Help}")));
    }
}
