using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Dashboard;

/// <summary>
/// Issue 16 in the browser: the overview as landing page, the range in the URL, and the domain page's chart held
/// against the API's numbers. In the same class (and platform) as the other browser tests: starting one costs more than the tests.
/// </summary>
public partial class DashboardBrowserTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task The_overview_is_the_landing_page_and_shows_each_domain_as_the_API_gives_it()
    {
        var (key, tenant) = await TenantAsync("Overview");
        var (broken, brokenToken) = await tenant.RegisterDomainAsync();
        var (healthy, healthyToken) = await tenant.RegisterDomainAsync();
        // 12.5 % failed with nothing before: a failure spike of severity error on the needs-attention list.
        await PostAsync(brokenToken, Reports.WithSessions(broken, "ov-1", Yesterday, 236_505, 33_795, "validation-failure"));
        await PostAsync(healthyToken, Reports.WithSessions(healthy, "ov-2", Yesterday, 5_000, 0));

        await using var session = await SignInAsync(key);
        var (page, scriptErrors, consoleErrors) = (session.Page, session.ScriptErrors, session.ConsoleErrors);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/overview"));
        await Assertions.Expect(page.Locator($"#overview-domains tr[data-domain='{broken}']")).ToBeVisibleAsync();

        var overview = JsonNode.Parse(await tenant.GetStringAsync($"/v1/overview?from={Today.AddDays(-29):yyyy-MM-dd}&to={Today:yyyy-MM-dd}"))!;
        foreach (var d in overview["domains"]!.AsArray())
        {
            var row = page.Locator($"#overview-domains tr[data-domain='{(string)d!["domain"]!}']");
            var ok = (long)d["successfulSessions"]!;
            var failed = (long)d["failedSessions"]!;
            await Assertions.Expect(row.Locator("[data-field=sessions]")).ToHaveTextAsync((ok + failed).ToString("N0", CultureInfo.InvariantCulture));
            await Assertions.Expect(row.Locator("[data-field=failed]")).ToHaveTextAsync(failed.ToString("N0", CultureInfo.InvariantCulture));
            await Assertions.Expect(row.Locator("[data-field=rate]")).ToHaveTextAsync(Percent((double)d["failureRate"]!));
        }

        // The figures above are the API's; these pin the API's figures to what was ingested, so both can't drift together.
        await Assertions.Expect(page.Locator($"tr[data-domain='{broken}'] [data-field=sessions]")).ToHaveTextAsync("270,300");
        await Assertions.Expect(page.Locator($"tr[data-domain='{broken}'] [data-field=rate]")).ToHaveTextAsync("12.50 %");
        await Assertions.Expect(page.Locator($"tr[data-domain='{healthy}'] [data-field=rate]")).ToHaveTextAsync("0.00 %");

        var spike = overview["needsAttention"]!.AsArray().First(i => (string?)i!["kind"] == "failure-spike" && (string?)i["domain"] == broken)!;
        var item = page.Locator($"#needs-attention li[data-kind='failure-spike'][data-domain='{broken}']");
        await Assertions.Expect(item).ToContainTextAsync((string)spike["detail"]!);
        await Assertions.Expect(page.Locator($"#needs-attention li[data-domain='{healthy}'][data-kind='failure-spike']")).ToHaveCountAsync(0);
        await ShotAsync(page, "overview-1440");
        await AssertNoPageScrollAsync(page, "overview at 1440 px");

        await item.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = broken })).ToBeVisibleAsync();
        Assert.Contains($"#/domains/{broken}?", page.Url, StringComparison.Ordinal);

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"{platform.BaseUrl}#/overview");
        await Assertions.Expect(page.Locator($"#overview-domains tr[data-domain='{broken}']")).ToBeVisibleAsync();
        await ShotAsync(page, "overview-390");
        await AssertNoPageScrollAsync(page, "overview at 390 px");

        Assert.Empty(scriptErrors);
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task The_range_is_kept_in_the_URL_from_the_overview_to_the_domain_page()
    {
        var (key, tenant) = await TenantAsync("Ranges");
        var (name, token) = await tenant.RegisterDomainAsync();
        // One report inside the last 7 days and one before them: the 7-day view must leave the older one out.
        await PostAsync(token, Reports.WithSessions(name, "range-1", Yesterday, 700, 7));
        await PostAsync(token, Reports.WithSessions(name, "range-2", Today.AddDays(-20), 300, 3));
        await using var session = await SignInAsync(key);
        var (page, scriptErrors) = (session.Page, session.ScriptErrors);
        await Assertions.Expect(page.Locator($"tr[data-domain='{name}'] [data-field=sessions]")).ToHaveTextAsync("1,010");

        await page.Locator("#range-picker").GetByRole(AriaRole.Link, new() { Name = "7 days" }).ClickAsync();
        var from = Today.AddDays(-6).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Assertions.Expect(page.Locator("#overview-range")).ToContainTextAsync(from);
        Assert.Contains($"from={from}", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator($"tr[data-domain='{name}'] [data-field=sessions]")).ToHaveTextAsync("707");

        // A shared link opens the same view.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator($"tr[data-domain='{name}'] [data-field=sessions]")).ToHaveTextAsync("707");
        await Assertions.Expect(page.Locator("#range-picker a[aria-current=true]")).ToHaveTextAsync("7 days");

        await page.Locator($"tr[data-domain='{name}']").GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Assertions.Expect(page.Locator("#total-successful")).ToHaveTextAsync("700");
        Assert.Contains($"from={from}", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#daily-chart g.day")).ToHaveCountAsync(7);

        // A custom range from the form, on the domain page.
        var customFrom = Today.AddDays(-25).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var customTo = Today.AddDays(-15).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByLabel("From", new() { Exact = true }).FillAsync(customFrom);
        await page.GetByLabel("To", new() { Exact = true }).FillAsync(customTo);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("#total-successful")).ToHaveTextAsync("300");
        Assert.Contains($"from={customFrom}&to={customTo}", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#daily-chart g.day")).ToHaveCountAsync(11);
        Assert.Empty(scriptErrors);
    }

    [Fact]
    public async Task The_domains_and_alerts_pages_show_the_chosen_range_and_fit_a_phone()
    {
        var (key, tenant) = await TenantAsync("Ranged lists");
        var (name, token) = await tenant.RegisterDomainAsync();
        using (var channel = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "email", to = "ranges@example.com" }))
        using (var rule = await tenant.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new
        {
            kind = "failure-rate", thresholdPercent = 5, minSessions = 100, channels = new[] { (string)JsonNode.Parse(await channel.Content.ReadAsStringAsync())!["id"]! },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        }

        // 7 of 707 failed yesterday; 300 of 600 three weeks ago, which fires the rule now.
        await PostAsync(token, Reports.WithSessions(name, "list-1", Yesterday, 700, 7));
        await PostAsync(token, Reports.WithSessions(name, "list-2", Today.AddDays(-20), 300, 300));
        await Eventually.TrueAsync(async () => (await tenant.GetStringAsync("/v1/alerts")).Contains("failure-rate", StringComparison.Ordinal), what: "the failure-rate alert");
        await using var session = await SignInAsync(key);
        var page = session.Page;
        string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await page.GotoAsync($"{platform.BaseUrl}#/domains");
        await Assertions.Expect(page.Locator($"tr[data-domain='{name}'] [data-field=success-range]")).ToHaveTextAsync(Percent(1000.0 / 1307));
        await page.Locator("#range-picker").GetByRole(AriaRole.Link, new() { Name = "7 days" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-domain='{name}'] [data-field=success-range]")).ToHaveTextAsync(Percent(700.0 / 707));
        Assert.Contains($"#/domains?from={Day(-6)}&to={Day(0)}", page.Url, StringComparison.Ordinal);
        await ShotAsync(page, "domains-1440");
        await AssertNoPageScrollAsync(page, "domains at 1440 px");

        // The alert occurred now: in the default range, not in one that ends yesterday.
        await page.GotoAsync($"{platform.BaseUrl}#/alerts");
        await Assertions.Expect(page.Locator("#alert-log tbody tr").Filter(new() { HasText = "failure-rate" })).ToHaveCountAsync(1);
        await page.GetByLabel("From", new() { Exact = true }).FillAsync(Day(-10));
        await page.GetByLabel("To", new() { Exact = true }).FillAsync(Day(-1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("#alert-log tbody")).ToHaveTextAsync("No alerts in this range.");
        Assert.Contains($"#/alerts?from={Day(-10)}&to={Day(-1)}", page.Url, StringComparison.Ordinal);
        await ShotAsync(page, "alerts-1440");
        await AssertNoPageScrollAsync(page, "alerts at 1440 px");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"{platform.BaseUrl}#/alerts");
        await Assertions.Expect(page.Locator("#alert-log tbody tr").Filter(new() { HasText = "failure-rate" })).ToHaveCountAsync(1);
        await ShotAsync(page, "alerts-390");
        await AssertNoPageScrollAsync(page, "alerts at 390 px");
        await page.GotoAsync($"{platform.BaseUrl}#/domains");
        await Assertions.Expect(page.Locator($"tr[data-domain='{name}']")).ToBeVisibleAsync();
        await ShotAsync(page, "domains-390");
        await AssertNoPageScrollAsync(page, "domains at 390 px");

        // The pages without a range fit too: adding a domain, and signing in.
        foreach (var width in new[] { 390, 1440 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.GotoAsync($"{platform.BaseUrl}#/onboarding");
            await Assertions.Expect(page.GetByLabel("Mail domain")).ToBeVisibleAsync();
            await ShotAsync(page, $"onboarding-{width}");
            await AssertNoPageScrollAsync(page, $"adding a domain at {width} px");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        foreach (var width in new[] { 1440, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await Assertions.Expect(page.GetByLabel("Tenant API key")).ToBeVisibleAsync();
            await ShotAsync(page, $"sign-in-{width}");
            await AssertNoPageScrollAsync(page, $"sign-in at {width} px");
        }

        Assert.Empty(session.ScriptErrors);
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task The_alert_log_API_takes_a_range_of_days()
    {
        var (_, tenant) = await TenantAsync("Alert range");
        using var created = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "email", to = "range-api@example.com" });
        var channel = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        using (var test = await tenant.PostAsync($"/v1/alerts/channels/{channel}/test", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        }

        string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        async Task<int> CountAsync(string query) => JsonNode.Parse(await tenant.GetStringAsync("/v1/alerts" + query))!.AsArray().Count;
        Assert.Equal(1, await CountAsync(""));
        Assert.Equal(1, await CountAsync($"?from={Day(0)}&to={Day(0)}"));
        Assert.Equal(0, await CountAsync($"?from={Day(-30)}&to={Day(-1)}"));
        Assert.Equal(0, await CountAsync($"?to={Day(-1)}"));
        foreach (var bad in new[] { "?from=yesterday", $"?from={Day(0)}&to={Day(-1)}", "?from=2020-01-01&to=2026-12-31" })
        {
            using var refused = await tenant.GetAsync("/v1/alerts" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }

    [Fact]
    public async Task The_chart_draws_the_APIs_daily_numbers_and_tells_them_on_hover_and_on_focus()
    {
        var (key, tenant) = await TenantAsync("Charted");
        var (name, token) = await tenant.RegisterDomainAsync();
        long[][] seeded = [[236_505, 7_700], [1_200, 0], [0, 45], [88_000, 2_912]];
        for (var i = 0; i < seeded.Length; i++)
        {
            // Two result types, so stacking by type has something to split.
            await PostAsync(token, Reports.WithSessions(name, $"chart-{i}", Yesterday.AddDays(-3 * i), seeded[i][0], seeded[i][1], i == 3 ? "validation-failure" : "certificate-expired"));
        }

        await using var session = await SignInAsync(key);
        var (page, scriptErrors, consoleErrors) = (session.Page, session.ScriptErrors, session.ConsoleErrors);
        await page.GotoAsync($"{platform.BaseUrl}#/domains/{name}");
        await Assertions.Expect(page.Locator("#daily-chart g.day").First).ToBeVisibleAsync();

        // Every drawn day against /daily for the page's own range (the last 30 days by default).
        var daily = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/daily?from={Today.AddDays(-29):yyyy-MM-dd}&to={Today:yyyy-MM-dd}"))!.AsArray();
        var drawn = await page.Locator("#daily-chart g.day").EvaluateAllAsync<string[][]>(
            "days => days.map(g => [g.dataset.day, g.dataset.successful, g.dataset.failed])");
        var expected = daily.Select(d => new[] { (string)d!["day"]!, ((long)d["successfulSessions"]!).ToString(CultureInfo.InvariantCulture), ((long)d["failedSessions"]!).ToString(CultureInfo.InvariantCulture) }).ToArray();
        Assert.Equal(expected, drawn);
        Assert.Equal(seeded.Sum(s => s[0]), daily.Sum(d => (long)d!["successfulSessions"]!));

        // The bars' heights are proportional to the numbers too: the failed bar of each day against its successful bar.
        var heights = await page.Locator("#daily-chart g.day").EvaluateAllAsync<double[][]>(
            "days => days.map(g => [Number(g.querySelector('rect.ok').getAttribute('height')), Number(g.querySelector('rect.bad').getAttribute('height'))])");
        var max = heights.Max(h => h[0] + h[1]);
        for (var i = 0; i < daily.Count; i++)
        {
            var total = (long)daily[i]!["successfulSessions"]! + (long)daily[i]!["failedSessions"]!;
            var largest = daily.Max(d => (long)d!["successfulSessions"]! + (long)d["failedSessions"]!);
            Assert.Equal((double)total / largest, (heights[i][0] + heights[i][1]) / max, 2);
        }

        // Axes: ticks on both scales, the right one in percent, and days along the bottom.
        Assert.True(await page.Locator("#daily-chart text.axis-left").CountAsync() >= 3);
        await Assertions.Expect(page.Locator("#daily-chart text.axis-right").Last).ToContainTextAsync(" %");
        Assert.True(await page.Locator("#daily-chart text.axis-x").CountAsync() >= 3);

        var big = Yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // Keyboard: focus starts on the last day (today); one step left is yesterday, announced in the live region.
        await page.Locator("#daily-chart").FocusAsync();
        await Assertions.Expect(page.Locator("#chart-value")).ToContainTextAsync($"{Today:yyyy-MM-dd} (UTC): 0 successful, 0 failed");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Assertions.Expect(page.Locator("#chart-value")).ToHaveTextAsync($"{big} (UTC): 236,505 successful, 7,700 failed, 3.15 % failed");
        await Assertions.Expect(page.Locator($"#daily-chart g.day[data-day='{big}']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("selected"));
        await page.Keyboard.PressAsync("Home");
        await Assertions.Expect(page.Locator("#chart-value")).ToContainTextAsync($"{Today.AddDays(-29):yyyy-MM-dd} (UTC)");

        // The mouse: hovering a day shows its values beside it.
        await page.Locator($"#daily-chart g.day[data-day='{big}']").HoverAsync();
        await Assertions.Expect(page.Locator("#chart-tip")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-tip")).ToHaveTextAsync($"{big} (UTC): 236,505 successful, 7,700 failed, 3.15 % failed");
        await ShotAsync(page, "domain-chart-1440");
        await AssertNoPageScrollAsync(page, "domain page at 1440 px");

        // Stacked by result type: each type's segment of each day is that type's /daily, and the segments add up to the day.
        await page.GetByRole(AriaRole.Button, new() { Name = "Failures by result type" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Failures by result type" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("#daily-chart rect.segment").First).ToBeVisibleAsync();
        var segments = await page.Locator("#daily-chart g.day").EvaluateAllAsync<string[][]>(
            "days => days.flatMap(g => [...g.querySelectorAll('rect.segment')].map(r => [g.dataset.day, r.dataset.resultType, r.dataset.sessions]))");
        var byType = new List<string[]>();
        foreach (var type in new[] { "certificate-expired", "validation-failure" })
        {
            var series = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/daily?from={Today.AddDays(-29):yyyy-MM-dd}&to={Today:yyyy-MM-dd}&resultType={type}"))!.AsArray();
            byType.AddRange(series.Where(d => (long)d!["failedSessions"]! > 0).Select(d => new[] { (string)d!["day"]!, type, ((long)d["failedSessions"]!).ToString(CultureInfo.InvariantCulture) }));
        }

        Assert.Equal(byType.OrderBy(x => x[0], StringComparer.Ordinal).ThenBy(x => x[1], StringComparer.Ordinal), segments.OrderBy(x => x[0], StringComparer.Ordinal).ThenBy(x => x[1], StringComparer.Ordinal));
        Assert.Equal(3, segments.Length);
        Assert.Contains(segments, x => x[1] == "validation-failure" && x[2] == "2912");
        await ShotAsync(page, "domain-chart-stacked-1440");

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#daily-chart g.day")).ToHaveCountAsync(daily.Count);
        await ShotAsync(page, "domain-chart-390");
        await AssertNoPageScrollAsync(page, "domain page at 390 px");
        Assert.Empty(scriptErrors);
        Assert.Empty(consoleErrors);
    }

    // The dashboard's own format: two decimals and a spaced percent sign (3.17 %).
    private static string Percent(double rate) => (rate * 100).ToString("N2", CultureInfo.InvariantCulture) + " %";

    private async Task PostAsync(string token, byte[] report)
    {
        using var posted = await platform.Http.PostJsonAsync(token, report);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
    }

    private async Task<SignedIn> SignInAsync(string key)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var session = new SignedIn(playwright, browser, page, [], Chromium.ConsoleErrors(page));
        page.PageError += (_, error) => session.ScriptErrors.Add(error);
        await page.GotoAsync(platform.BaseUrl.ToString());
        await DashboardSignIn.WithKeyAsync(page, key);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        return session;
    }

    /// <summary>A signed-in page, and the browser to close after the test.</summary>
    private sealed record SignedIn(IPlaywright Playwright, IBrowser Browser, IPage Page, List<string> ScriptErrors, List<string> ConsoleErrors) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Playwright.Dispose();
        }
    }

    /// <summary>Cards may scroll inside themselves; the page as a whole must not scroll sideways.</summary>
    private static async Task AssertNoPageScrollAsync(IPage page, string what)
    {
        var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scrollWidth <= innerWidth, $"{what}: the page is {scrollWidth} px wide in a {innerWidth} px window");
    }
}
