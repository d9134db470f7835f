using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Dashboard;

/// <summary>The domain page shows what the MX probe sees and explains the reports with it, in Chromium.</summary>
public class DashboardProbeTests(ProbePlatform platform) : IClassFixture<ProbePlatform>
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task The_domain_page_explains_reported_failures_with_the_probe_lists_each_mx_address_and_adds_an_expiry_rule()
    {
        var (key, tenant) = await TenantClient.CreateTenantWithKeyAsync(platform.BaseUrl, "Probed");
        using var tenantClient = tenant;
        var (name, token) = await tenant.RegisterDomainAsync();
        var mx = $"mx.{name}";
        var notAfter = DateTimeOffset.UtcNow.AddDays(-2);
        platform.Dns.AddMx(name, 10, mx);
        platform.Dns.AddA(mx, IPAddress.Loopback);
        platform.Mx.Present(mx, platform.Mx.Authority.Issue(DateTimeOffset.UtcNow.AddDays(-30), notAfter, mx));
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        using (var posted = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "probe-dash-1", yesterday, 50, 412)))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        using (var check = await tenant.PostAsync($"/v1/domains/{name}/checks", null))
        {
            Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        }

        using (var channel = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "email", to = "certs@example.com" }))
        {
            Assert.Equal(HttpStatusCode.Created, channel.StatusCode);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } })).NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await page.GotoAsync(platform.BaseUrl.ToString());
        await DashboardSignIn.WithKeyAsync(page, key);
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await Assertions.Expect(page.Locator("#explanations li")).ToHaveTextAsync(
            $"412 certificate-expired sessions were reported at {mx}; {mx} presents a certificate that expired on {notAfter.UtcDateTime:yyyy-MM-dd}.");
        // The probe's finding is marked on the chart's time axis on the day of the probe, and named in the day's values.
        var probedAt = (string)JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/policy"))!["probedAt"]!;
        var probed = page.Locator($"g.day[data-day='{probedAt[..10]}']");
        await Assertions.Expect(probed.Locator("circle.probe-marker")).ToHaveCountAsync(1);
        await Assertions.Expect(probed).ToHaveAttributeAsync("data-probe-finding", new System.Text.RegularExpressions.Regex("expired"));
        // The reporter that sent the report is listed, reporting (one report gives no cadence, so it cannot be silent).
        await Assertions.Expect(page.Locator("#reporter-list tr[data-organization='Test Reporter']")).ToContainTextAsync("reporting");
        var reporter = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reporters"))!.AsArray().Single()!;
        Assert.False((bool)reporter["silent"]!);
        var row = page.Locator("#mx-probe tbody tr");
        await Assertions.Expect(row).ToContainTextAsync(mx);
        await Assertions.Expect(row).ToContainTextAsync("127.0.0.1");
        await Assertions.Expect(row).ToContainTextAsync(notAfter.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Alert me when").SelectOptionAsync("certificate-expiring");
        await page.GetByLabel("Days before expiry").FillAsync("14");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Assertions.Expect(page.Locator("#alert-rules tbody tr").First).ToContainTextAsync("14, 7 and 1 days before an MX certificate expires");
        var rule = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/alert-rules"))!.AsArray().Single()!;
        Assert.Equal(("certificate-expiring", 14), ((string)rule["kind"]!, (int)rule["daysBefore"]!));
        Assert.Empty(scriptErrors);
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "domain-probe.png"), FullPage = true });
        var serious = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("; ", serious.Select(v => $"{v.Id}: {v.Help}")));
    }
}
