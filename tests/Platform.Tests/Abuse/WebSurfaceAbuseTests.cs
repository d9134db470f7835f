using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>
/// The abuse suite, web and operations surface: report values that reach a spreadsheet (CSV formula injection) or the
/// page (script injection, framing), and scraping of platform metrics. Webhook targets (SSRF): WebhookSsrfAbuseTests.
/// Each test is named after the attack and runs against the platform with its production guard settings.
/// </summary>
public class WebSurfaceAbuseTests(PolicyPlatform platform) : IClassFixture<PolicyPlatform>
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Theory]
    [InlineData("/")]
    [InlineData("/ui/app.js")]
    [InlineData("/v1/domains")]
    [InlineData("/v1/session")]
    [InlineData("/no-such-page")]
    public async Task Framing_sniffing_and_foreign_scripts_are_forbidden_on_every_response(string path)
    {
        using var response = await platform.Http.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public async Task A_huge_tenant_api_body_is_refused_before_it_is_buffered_and_changes_nothing()
    {
        using var tenant = await TenantClient.CreateTenantAsync(platform.BaseUrl, "Big bodies");
        var (name, _) = await tenant.RegisterDomainAsync();
        // A policy whose mx list pads the body to 2 MiB: over the tenant API's limit, far under Kestrel's default.
        var padded = Encoding.UTF8.GetBytes($"{{\"mode\":\"testing\",\"maxAge\":604800,\"mx\":[\"mx.{name}\"],\"pad\":\"{new string('a', 2 * 1024 * 1024)}\"}}");
        // With Expect: 100-continue (as curl sends large bodies) the refusal comes before the body is sent, so the test
        // reads the answer instead of racing the server's close of a connection whose body it will not read.
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/domains/{name}/mta-sts/policy")
        {
            Content = new ByteArrayContent(padded) { Headers = { ContentType = new("application/json") } },
            Headers = { ExpectContinue = true },
        };

        using var refused = await tenant.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var policy = await tenant.GetAsync($"/v1/domains/{name}/mta-sts/policy");
        Assert.Equal(HttpStatusCode.NotFound, policy.StatusCode);
        // The same policy without the padding is an ordinary request.
        using var small = new StringContent($"{{\"mode\":\"testing\",\"maxAge\":604800,\"mx\":[\"mx.{name}\"]}}", Encoding.UTF8, "application/json");
        using var accepted = await tenant.PutAsync($"/v1/domains/{name}/mta-sts/policy", small);
        Assert.True(accepted.IsSuccessStatusCode, $"{accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");
        Assert.True(PlatformApiExtensions.DefaultMaxRequestBodyBytes < padded.Length);
    }

    [Fact]
    public async Task The_api_reference_cannot_be_framed_either()
    {
        using var response = await platform.Http.GetAsync("/docs/api/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(SecurityHeaders.ApiReferencePolicy, Header(response, "Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.ApiReferencePolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task The_api_reference_still_renders_under_its_policy()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var consoleErrors = Chromium.ConsoleErrors(page);

        await page.GotoAsync(new Uri(platform.BaseUrl, "/docs/api/").ToString());

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "TlsRptPlatform API" }).First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Scraping_metrics_through_the_public_port_finds_nothing()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        using (var posted = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "metrics-1", Yesterday, 1, 0)))
        {
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        using var scraper = new HttpClient { BaseAddress = platform.MetricsUrl };
        using var onPublicPort = await platform.Http.GetAsync("/metrics");
        using var spoofedHost = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Host = $"127.0.0.1:{platform.MetricsUrl.Port}" } };
        using var onPublicPortWithManagementHost = await platform.Http.SendAsync(spoofedHost);
        using var onManagementPort = await scraper.GetAsync("/metrics");
        using var apiOnManagementPort = await scraper.GetAsync("/v1/domains");

        Assert.Equal(HttpStatusCode.NotFound, onPublicPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onPublicPortWithManagementHost.StatusCode);
        Assert.DoesNotContain("tlsrpt_", await onPublicPort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, onManagementPort.StatusCode);
        Assert.Contains("tlsrpt_reports_", await onManagementPort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, apiOnManagementPort.StatusCode);
    }

    [Fact]
    public async Task Script_injected_into_the_dashboard_does_not_run()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var consoleErrors = Chromium.ConsoleErrors(page);
        await page.GotoAsync(platform.BaseUrl.ToString());
        await Assertions.Expect(page.GetByLabel("E-mail address")).ToBeVisibleAsync();

        // What an escaping slip would let a report value do: an event handler and an inline script in the page.
        await page.EvaluateAsync("""
            () => {
              document.body.insertAdjacentHTML("beforeend", '<img src="/ui/none.png" onerror="window.pwned = 1">');
              const script = document.createElement("script");
              script.textContent = "window.pwned = 2";
              document.body.appendChild(script);
            }
            """);
        await Task.Delay(500);

        Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned ?? null"));
        Assert.Contains(consoleErrors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Formula_injection_through_report_values_is_neutralised_in_csv_exports()
    {
        using var tenant = await platform.NewTenantAsync();
        var key = tenant.DefaultRequestHeaders.Authorization!.Parameter!;
        var (name, token) = await tenant.RegisterDomainAsync();
        string[] organizations = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+SUM(1,1)", "-2+3", "@SUM(1)", "\t=1", "\r=1", "Honest Org"];
        for (var i = 0; i < organizations.Length; i++)
        {
            using var posted = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, $"csv-{i}", Yesterday, 10, i + 1, organization: organizations[i]));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { AcceptDownloads = true });
        await page.GotoAsync(platform.BaseUrl.ToString());
        await DashboardSignIn.WithKeyAsync(page, key);
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-export='byOrganization']").ClickAsync());
        var exported = await File.ReadAllTextAsync(await download.PathAsync(), Encoding.UTF8);

        var cells = exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(FirstCell).ToList();
        Assert.Equal(organizations.Length, cells.Count);
        Assert.Contains("'=HYPERLINK(\"https://evil.example\",\"x\")", cells);
        Assert.Contains("'+SUM(1,1)", cells);
        Assert.Contains("'-2+3", cells);
        Assert.Contains("'@SUM(1)", cells);
        Assert.Contains("'\t=1", cells);
        Assert.Contains("'\r=1", cells);
        Assert.Contains("Honest Org", cells);
        Assert.All(cells, c => Assert.DoesNotMatch("^[=+\\-@\\t]", c));
        Assert.Contains("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"x\"\")\",1", exported, StringComparison.Ordinal);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : $"(no {name})";

    /// <summary>The first cell of a CSV line, unquoted.</summary>
    private static string FirstCell(string line)
    {
        if (!line.StartsWith('"'))
        {
            return line.Split(',')[0];
        }

        var cell = new StringBuilder();
        for (var i = 1; i < line.Length; i++)
        {
            if (line[i] == '"' && (i + 1 == line.Length || line[i + 1] != '"'))
            {
                break;
            }

            cell.Append(line[i]);
            i += line[i] == '"' ? 1 : 0;
        }

        return cell.ToString();
    }
}
