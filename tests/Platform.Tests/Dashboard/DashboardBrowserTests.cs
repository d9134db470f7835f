using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: Debian's Chromium driven by Playwright, against the platform on its embedded
/// store with its own DNS server. Screenshots of every page are kept under <c>TestResults/screenshots</c> beside the test binaries.
/// </summary>
public partial class DashboardBrowserTests(PolicyPlatform platform) : IClassFixture<PolicyPlatform>
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task A_tenant_signs_in_onboards_a_domain_sees_its_numbers_and_nobody_elses()
    {
        var (key, tenant) = await TenantAsync("Acme");
        var (name, token) = await tenant.RegisterDomainAsync();
        using (var first = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "dash-1", Yesterday, 900, 100)))
        using (var second = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "dash-2", Yesterday.AddDays(-1), 480, 20, "starttls-not-supported")))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        }

        var (_, stranger) = await TenantAsync("Stranger");
        var (foreign, _) = await stranger.RegisterDomainAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        // Under the dashboard's Content-Security-Policy (no inline script, style or handler), a violation is a console error.
        var consoleErrors = Chromium.ConsoleErrors(page);

        await page.GotoAsync(platform.BaseUrl.ToString());
        await DashboardSignIn.WithKeyAsync(page, "tlsrpt_not-a-key");
        await Assertions.Expect(page.Locator("#sign-in-error")).ToContainTextAsync("not a tenant API key");
        await DashboardSignIn.WithKeyAsync(page, key);
        await Assertions.Expect(page.Locator($"tr[data-domain='{name}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"tr[data-domain='{name}']")).ToContainTextAsync("not verified");
        await ShotAsync(page, "domains");

        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "tlsrpt_session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        Assert.Empty(scriptErrors);
        var bar = page.Locator($"g.day[data-day='{Yesterday:yyyy-MM-dd}']");
        await Assertions.Expect(bar).ToHaveAttributeAsync("data-successful", "900");
        await Assertions.Expect(bar).ToHaveAttributeAsync("data-failed", "100");
        await Assertions.Expect(page.Locator($"g.day[data-day='{Yesterday.AddDays(-1):yyyy-MM-dd}']")).ToHaveAttributeAsync("data-failed", "20");
        await Assertions.Expect(page.Locator("#total-successful")).ToHaveTextAsync("1,380");
        await Assertions.Expect(page.Locator("#total-failed")).ToHaveTextAsync("120");
        // In the result-type breakdown (a link that filters the page); the MTA-STS panel's readiness table names the same
        // sessions as ones enforce would refuse.
        await Assertions.Expect(page.Locator("#breakdown-byResultType").GetByRole(AriaRole.Link, new() { Name = "starttls-not-supported" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#mta-sts").GetByRole(AriaRole.Cell, new() { Name = "starttls-not-supported" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Enable STARTTLS on every MX host.")).ToBeVisibleAsync();
        await ShotAsync(page, "domain");

        await page.GetByRole(AriaRole.Link, new() { Name = "Add a domain" }).ClickAsync();
        var added = $"o{Guid.NewGuid():N}.example";
        await page.GetByLabel("Mail domain").FillAsync(added);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        // The page shows the record name once its registration request has completed; only then does the API know it.
        await Assertions.Expect(page.Locator("#record-name")).ToHaveTextAsync($"_smtp._tls.{added}");
        var registered = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{added}"))!;
        await Assertions.Expect(page.Locator("#record-value")).ToHaveTextAsync((string)registered["tlsRptRecord"]!);
        await Assertions.Expect(page.Locator("#verified")).ToContainTextAsync("waiting for the record");
        platform.Dns.AddTxt($"_smtp._tls.{added}", (string)registered["tlsRptRecord"]!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Check now" }).ClickAsync();
        await Assertions.Expect(page.Locator("#verified")).ToHaveTextAsync("verified");
        await ShotAsync(page, "onboarding");

        // A policy change shows on the chart's time axis, on the day it was seen.
        platform.Dns.AddTxt($"_smtp._tls.{name}", (string)JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}"))!["tlsRptRecord"]!);
        // The range runs to tomorrow, so a check that lands after midnight UTC is still on the chart.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await page.GotoAsync($"{platform.BaseUrl}#/domains/{name}?from={today.AddDays(-29):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await page.Locator("#check-now").ClickAsync();
        // The check resolves DNS and fetches the MTA-STS policy: with the whole suite on two cores it has taken over
        // Playwright's default five seconds.
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("verified", new() { Timeout = 30_000 });
        var changedAt = (string)JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/policy/history"))!.AsArray()[0]!["at"]!;
        await Assertions.Expect(page.Locator($"g.day[data-day='{changedAt[..10]}'] line.policy-change")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "tls-rpt.status" })).ToBeVisibleAsync();
        await ShotAsync(page, "domain-after-check");

        await page.GotoAsync($"{platform.BaseUrl}#/domains/{foreign}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(foreign)).ToHaveCountAsync(1);
        await ShotAsync(page, "foreign-domain-refused");

        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Alert log" })).ToBeVisibleAsync();
        await page.GetByLabel("E-mail address or https:// URL").FillAsync("ops@acme.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add channel" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "ops@acme.example" })).ToBeVisibleAsync();
        await ShotAsync(page, "alerts");

        await page.GotoAsync($"{platform.BaseUrl}#/domains/{name}");
        await page.GetByLabel("Threshold (% failed sessions, failure-rate only)").FillAsync("7.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await Assertions.Expect(page.Locator("#alert-rules")).ToContainTextAsync("more than 7.5 % of at least 100 sessions a day");
        var rule = Assert.Single(JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/alert-rules"))!.AsArray());
        Assert.Equal("failure-rate", (string?)rule!["kind"]);
        Assert.Equal(7.5, (double)rule["thresholdPercent"]!);

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"{platform.BaseUrl}#/domains");
        await Assertions.Expect(page.Locator($"tr[data-domain='{name}']")).ToBeVisibleAsync();
        await ShotAsync(page, "domains-phone");

        Assert.Empty(scriptErrors);
        Assert.Empty(consoleErrors);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Tenant API key")).ToBeVisibleAsync();
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "tlsrpt_session");
    }

    [Fact]
    public async Task The_session_cookie_needs_the_csrf_token_to_change_anything()
    {
        var (key, _) = await TenantAsync("Csrf");
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = platform.BaseUrl };
        using var signIn = await browser.PostAsJsonAsync("/v1/session", new { apiKey = key });
        var csrf = (string)JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!["csrfToken"]!;
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        // The public URL is https here, so the cookie is Secure even though this test talks plain HTTP to Kestrel.
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        browser.DefaultRequestHeaders.Add("Cookie", setCookie.Split(';')[0]);

        using var read = await browser.GetAsync("/v1/domains");
        using var forged = await browser.PostAsJsonAsync("/v1/domains", new { name = $"c{Guid.NewGuid():N}.example" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/domains") { Content = JsonContent.Create(new { name = $"c{Guid.NewGuid():N}.example" }) };
        request.Headers.Add("X-CSRF-Token", csrf);
        using var genuine = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("urn:tlsrpt-platform:problem:csrf-token-invalid", (string?)JsonNode.Parse(await forged.Content.ReadAsStringAsync())!["type"]);
        Assert.Equal(HttpStatusCode.Created, genuine.StatusCode);
    }

    [Fact]
    public async Task A_tenant_uploads_an_archive_on_the_domain_page_and_watches_it_being_imported()
    {
        var (key, tenant) = await TenantAsync("Archivist");
        var (name, _) = await tenant.RegisterDomainAsync();
        var zip = Archives.Zip(
            ("2025/a.json", Reports.WithSessions(name, "archived-1", Yesterday, 700, 30)),
            ("2025/b.json.gz", Protocol.Tests.Corpus.Gzip(Reports.WithSessions(name, "archived-2", Yesterday.AddDays(-1), 300, 0))),
            ("2025/a-copy.json", Reports.WithSessions(name, "archived-1", Yesterday, 700, 30)),
            ("notes.txt", "kept beside the reports"u8.ToArray()));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        var consoleErrors = Chromium.ConsoleErrors(page);
        await page.GotoAsync(platform.BaseUrl.ToString());
        await DashboardSignIn.WithKeyAsync(page, key);
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Assertions.Expect(page.Locator("#import-list")).ToContainTextAsync("No imports yet.");

        await page.GetByLabel("Archive").SetInputFilesAsync(new FilePayload { Name = "old-reports.zip", MimeType = "application/zip", Buffer = zip });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();

        await Assertions.Expect(page.Locator("#import-status")).ToHaveTextAsync("completed: 2 accepted, 1 duplicates, 1 refused");
        await Assertions.Expect(page.Locator("#import-refusals")).ToContainTextAsync("notes.txt");
        await Assertions.Expect(page.Locator("#import-list")).ToContainTextAsync("old-reports.zip");
        await ShotAsync(page, "domain-import");
        var summary = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/summary"))!;
        Assert.Equal(1000, (long)summary["successfulSessions"]!);
        Assert.Equal(30, (long)summary["failedSessions"]!);
        Assert.Empty(scriptErrors);
        Assert.Empty(consoleErrors);
    }

    private Task<(string Key, HttpClient Client)> TenantAsync(string name) => TenantClient.CreateTenantWithKeyAsync(platform.BaseUrl, name);

    /// <summary>Keeps a screenshot of the page, and checks it with axe-core: no serious or critical accessibility violation.</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
        var audit = await page.RunAxe();
        var serious = audit.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
