using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Dashboard;

/// <summary>Issue 13 in the browser: an admin creates and revokes keys, a read key's page offers no changes, the audit log shows who did what.</summary>
public partial class DashboardBrowserTests
{
    [Fact]
    public async Task An_admin_creates_a_read_key_that_sees_no_changes_then_revokes_it_and_finds_both_in_the_audit_log()
    {
        var (adminKey, tenant) = await TenantAsync("Keys and audit");
        var (name, _) = await tenant.RegisterDomainAsync();
        await using var session = await SignInAsync(adminKey);
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-list tbody tr")).ToHaveCountAsync(1); // the tenant's initial key
        await page.GetByLabel("Name (what uses it)").FillAsync("Grafana");
        await page.GetByLabel("Scope").SelectOptionAsync("read");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var readKey = (await page.Locator("#new-key").TextContentAsync())!.Trim();
        Assert.StartsWith("tlsrpt_", readKey, StringComparison.Ordinal);
        var row = page.Locator("#key-list tbody tr").Filter(new() { HasText = "Grafana" });
        await Assertions.Expect(row).ToContainTextAsync("read");
        await Assertions.Expect(row).ToContainTextAsync("active");
        await ShotAsync(page, "keys-1440");
        await AssertNoPageScrollAsync(page, "API keys at 1440 px");

        // Signed in with the read key: the numbers, but no button that changes anything, and no key or audit page.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await DashboardSignIn.WithKeyAsync(page, readKey);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "API keys" })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Add a domain" })).ToBeHiddenAsync();
        await page.GotoAsync($"{platform.BaseUrl}#/domains/{name}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#alert-rules")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Check now" })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save policy" })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Import" })).ToBeHiddenAsync();
        await page.GotoAsync($"{platform.BaseUrl}#/alerts");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Alert log" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add channel" })).ToBeHiddenAsync();
        // What the page does not offer, the API refuses too.
        using (var reader = new HttpClient { BaseAddress = platform.BaseUrl })
        {
            reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", readKey);
            using var refused = await reader.PostAsync($"/v1/domains/{name}/checks", null);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        // Back as admin: revoke it; the read key no longer signs in.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await DashboardSignIn.WithKeyAsync(page, adminKey);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await page.GotoAsync($"{platform.BaseUrl}#/keys");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke Grafana" }).ClickAsync();
        await Assertions.Expect(page.Locator("#key-list tbody tr").Filter(new() { HasText = "Grafana" })).ToContainTextAsync("revoked");
        var listed = JsonNode.Parse(await tenant.GetStringAsync("/v1/api-keys"))!.AsArray().Single(k => (string?)k!["name"] == "Grafana")!;
        Assert.NotNull((string?)listed["revokedAt"]);

        await page.GotoAsync($"{platform.BaseUrl}#/audit");
        var log = page.Locator("#audit-log tbody");
        await Assertions.Expect(log.Locator("tr").Filter(new() { HasText = "POST /v1/api-keys" })).ToHaveCountAsync(1);
        await Assertions.Expect(log.Locator("tr").Filter(new() { HasText = "DELETE /v1/api-keys/{id}" })).ToHaveCountAsync(1);
        await Assertions.Expect(log.Locator("tr").Filter(new() { HasText = "POST /v1/domains/{name}/checks" }).Filter(new() { HasText = "403" })).ToHaveCountAsync(1);
        await ShotAsync(page, "audit-1440");
        await AssertNoPageScrollAsync(page, "audit at 1440 px");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"{platform.BaseUrl}#/keys");
        await Assertions.Expect(page.Locator("#key-list")).ToBeVisibleAsync();
        await ShotAsync(page, "keys-390");
        await AssertNoPageScrollAsync(page, "API keys at 390 px");
        await page.GotoAsync($"{platform.BaseUrl}#/audit");
        await Assertions.Expect(page.Locator("#audit-log")).ToBeVisibleAsync();
        await ShotAsync(page, "audit-390");
        await AssertNoPageScrollAsync(page, "audit at 390 px");
        Assert.Empty(session.ScriptErrors);
        Assert.DoesNotContain(session.ConsoleErrors, e => !e.Contains("403", StringComparison.Ordinal));
    }
}
