using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Dns;
using TlsRptPlatform.Grains.Alerts;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Storage.Alerts;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>
/// The abuse suite, web and operations surface: attacks through webhook targets (SSRF), report values that reach a
/// spreadsheet (CSV formula injection) or the page (script injection, framing), and scraping of platform metrics.
/// Each test is named after the attack and runs against the platform with its production guard settings.
/// </summary>
public class WebSurfaceAbuseTests(PolicyPlatform platform) : IClassFixture<PolicyPlatform>
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Theory]
    [InlineData("https://[::127.0.0.1]/")]
    [InlineData("https://[::7f00:1]/")]
    [InlineData("https://[2002:7f00:1::]/")]
    [InlineData("https://[64:ff9b:1::7f00:1]/")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/latest/meta-data")]
    [InlineData("https://[100::1]/")]
    [InlineData("https://[fec0::1]/")]
    [InlineData("https://[::ffff:0:7f00:1]/")]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/")]
    [InlineData("https://2130706433/")]
    public async Task Ssrf_through_an_ipv6_literal_that_embeds_an_internal_address_is_refused_at_channel_creation(string url)
    {
        using var tenant = await platform.NewTenantAsync();

        using var response = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "webhook", url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("urn:tlsrpt-platform:problem:webhook-url-refused", (string?)problem["type"]);
        Assert.Empty(JsonNode.Parse(await tenant.GetStringAsync("/v1/alerts/channels"))!.AsArray());
    }

    [Theory]
    [InlineData("::7f00:1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("64:ff9b:1::7f00:1")]
    [InlineData("100::1")]
    public async Task Ssrf_through_a_public_name_whose_aaaa_embeds_loopback_is_refused_at_delivery(string aaaa)
    {
        using var tenant = await platform.NewTenantAsync();
        var host = $"hooks-{Guid.NewGuid():N}.example.com";
        platform.Dns.AddAaaa(host, IPAddress.Parse(aaaa));
        using var created = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "webhook", url = $"https://{host}/hooks/tlsrpt" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var channel = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var record = new AlertChannelRecord((string)channel["id"]!, "t_abuse", "webhook", (string)channel["url"]!, DateTimeOffset.UtcNow);
        using var sender = new WebhookSender(
            platform.Services.GetRequiredService<PolicyDns>(), platform.Services.GetRequiredService<WebhookSecrets>(),
            Options.Create(new AlertOptions()), TimeProvider.System);
        var alert = new AlertRecord("al_abuse", record.TenantId, null, null, AlertKinds.Test, DateTimeOffset.UtcNow, "abuse", "{}", []);

        var refused = await Assert.ThrowsAsync<AlertDeliveryException>(() => sender.SendAsync(alert, record, CancellationToken.None));

        Assert.Contains("internal addresses", refused.Message, StringComparison.Ordinal);
    }

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
        await Assertions.Expect(page.GetByLabel("Tenant API key")).ToBeVisibleAsync();

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
        await page.GetByLabel("Tenant API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
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
