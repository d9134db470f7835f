using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OtpNet;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Dashboard;

/// <summary>
/// People in the dashboard: an invitation accepted in the browser, signing in with e-mail and password (and a second
/// factor), the tenant switcher, and what a viewer is offered. Screenshots under <c>TestResults/screenshots</c>.
/// </summary>
public sealed class DashboardPeopleTests(PeoplePlatform platform) : IClassFixture<PeoplePlatform>
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task An_invited_person_sets_a_password_in_the_browser_signs_out_and_signs_in_again_to_the_tenant()
    {
        var tenantName = $"Invited {Guid.NewGuid():N}"[..20];
        using var owner = await PersonClient.SignUpAsync(platform, tenantName: tenantName);
        var email = PersonClient.NewEmail("analyst");
        var token = await InviteAsync(owner, email, "analyst");

        await using var session = await BrowserAsync();
        var page = session.Page;
        await page.GotoAsync($"{platform.BaseUrl}#/invitation?token={Uri.EscapeDataString(token)}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Join {tenantName}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#invitation-summary")).ToContainTextAsync("analyst");
        foreach (var width in new[] { 1440, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await ShotAsync(page, $"people-invitation-{width}");
            await AssertNoPageScrollAsync(page, $"invitation at {width} px");
        }

        await page.Locator("#invitation-password").FillAsync(PersonClient.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Join {tenantName}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tenant")).ToContainTextAsync(tenantName);
        await Assertions.Expect(page.Locator("#tenant-role")).ToHaveTextAsync("analyst");

        await page.SetViewportSizeAsync(1440, 900);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await DashboardSignIn.WithPasswordAsync(page, email, "not the password at all");
        await Assertions.Expect(page.Locator("#person-sign-in-error")).Not.ToBeEmptyAsync();
        await DashboardSignIn.WithPasswordAsync(page, email, PersonClient.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tenant")).ToContainTextAsync(tenantName);
        await page.GetByRole(AriaRole.Link, new() { Name = "Members" }).ClickAsync();
        await Assertions.Expect(page.Locator($"#member-list tr[data-member='{email}']")).ToContainTextAsync("analyst");
        await Assertions.Expect(page.Locator($"#member-list tr[data-member='{owner.Email}']")).ToContainTextAsync("owner");
        // An analyst invites nobody and changes no roles.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#member-list select")).ToHaveCountAsync(0);
        Assert.Empty(session.ScriptErrors);
    }

    [Fact]
    public async Task A_viewer_sees_no_delete_or_add_controls_and_the_api_refuses_a_delete_from_the_page()
    {
        using var owner = await PersonClient.SignUpAsync(platform, tenantName: "Viewed Co");
        var (domain, _) = await owner.Http.RegisterDomainAsync();
        var email = PersonClient.NewEmail("viewer");
        await AcceptAsNewAccountAsync(await InviteAsync(owner, email, "viewer"), email);

        await using var session = await BrowserAsync();
        var page = session.Page;
        await page.GotoAsync(platform.BaseUrl.ToString());
        await DashboardSignIn.WithPasswordAsync(page, email, PersonClient.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tenant-role")).ToHaveTextAsync("viewer");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Add a domain" })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "API keys" })).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Domains", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-domain='{domain}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Add a domain" })).ToBeHiddenAsync();

        await page.GotoAsync($"{platform.BaseUrl}#/domains/{domain}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = domain })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#imports")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("#delete-domain")).ToBeAttachedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Delete {domain}" })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Check now" })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save policy" })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Import" })).ToBeHiddenAsync();

        await page.GotoAsync($"{platform.BaseUrl}#/alerts");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Alert log" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add channel" })).ToBeHiddenAsync();

        // What the page does not offer, the API refuses to the page's own session, CSRF token and all.
        var status = await page.EvaluateAsync<int>(@"async (name) => {
            const session = await (await fetch('/v1/session', { credentials: 'same-origin' })).json();
            const response = await fetch('/v1/domains/' + encodeURIComponent(name), { method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRF-Token': session.csrfToken } });
            return response.status;
        }", domain);
        Assert.Equal(403, status);
        using var still = await owner.Http.GetAsync($"/v1/domains/{domain}");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        Assert.Empty(session.ScriptErrors);
    }

    [Fact]
    public async Task A_person_in_two_tenants_switches_between_them_in_the_header()
    {
        var first = $"First {Guid.NewGuid():N}"[..14];
        var second = $"Second {Guid.NewGuid():N}"[..15];
        using var person = await PersonClient.SignUpAsync(platform, tenantName: first);
        var (own, _) = await person.Http.RegisterDomainAsync();
        using var other = await PersonClient.SignUpAsync(platform, tenantName: second);
        var (theirs, _) = await other.Http.RegisterDomainAsync();
        var token = await InviteAsync(other, person.Email, "viewer");
        using (var accepted = await person.Http.PostAsJsonAsync("/v1/invitations/accept", new { token }))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        await using var session = await BrowserAsync();
        var page = session.Page;
        await page.GotoAsync(platform.BaseUrl.ToString());
        await DashboardSignIn.WithPasswordAsync(page, person.Email, PersonClient.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        var switcher = page.GetByRole(AriaRole.Combobox, new() { Name = "Tenant" });
        await Assertions.Expect(switcher).ToBeVisibleAsync();

        await switcher.SelectOptionAsync(new SelectOptionValue { Label = $"{second} (viewer)" });
        await Assertions.Expect(page.Locator($"#overview-domains tr[data-domain='{theirs}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"#overview-domains tr[data-domain='{own}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#tenant-role")).ToHaveTextAsync("viewer");
        await ShotAsync(page, "people-switched-1440");

        await switcher.SelectOptionAsync(new SelectOptionValue { Label = $"{first} (owner)" });
        await Assertions.Expect(page.Locator($"#overview-domains tr[data-domain='{own}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"#overview-domains tr[data-domain='{theirs}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#tenant-role")).ToHaveTextAsync("owner");
        await page.SetViewportSizeAsync(390, 844);
        await ShotAsync(page, "people-switched-390");
        await AssertNoPageScrollAsync(page, "the switcher at 390 px");
        Assert.Empty(session.ScriptErrors);
    }

    [Fact]
    public async Task A_person_sets_up_totp_on_the_security_page_and_then_signing_in_needs_the_code()
    {
        using var owner = await PersonClient.SignUpAsync(platform, tenantName: "Second Factor Co");
        await using var session = await BrowserAsync();
        var page = session.Page;
        await page.GotoAsync(platform.BaseUrl.ToString());
        await DashboardSignIn.WithPasswordAsync(page, owner.Email, PersonClient.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Security" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up an authenticator app" }).ClickAsync();
        var secret = (await page.Locator("#totp-secret").TextContentAsync())!.Trim();
        await Assertions.Expect(page.Locator("#totp-uri")).ToContainTextAsync("otpauth://totp/");
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        await page.GetByLabel("The 6-digit code the app shows now").FillAsync(totp.ComputeTotp(DateTime.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await Assertions.Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("#second-factor")).ToContainTextAsync("10 recovery codes left");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await DashboardSignIn.WithPasswordAsync(page, owner.Email, PersonClient.Password);
        var code = page.GetByLabel("Code from your authenticator app, or a recovery code");
        await Assertions.Expect(code).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeHiddenAsync();
        // The code of the next 30-second step: the one that turned TOTP on is used, and the platform takes each step once.
        await code.FillAsync(totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        Assert.Empty(session.ScriptErrors);
    }

    [Fact]
    public async Task The_sign_in_members_and_security_pages_read_well_at_both_widths()
    {
        using var owner = await PersonClient.SignUpAsync(platform, tenantName: "Screenshots Ltd");
        var member = PersonClient.NewEmail("member");
        await AcceptAsNewAccountAsync(await InviteAsync(owner, member, "admin"), member);
        await InviteAsync(owner, PersonClient.NewEmail("invited"), "viewer");

        await using var session = await BrowserAsync();
        var page = session.Page;
        await page.GotoAsync(platform.BaseUrl.ToString());
        foreach (var width in new[] { 1440, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await Assertions.Expect(page.GetByLabel("E-mail address")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Forgot password?" })).ToBeVisibleAsync();
            await ShotAsync(page, $"people-sign-in-{width}");
            await AssertNoPageScrollAsync(page, $"sign-in at {width} px");
        }

        await page.SetViewportSizeAsync(1440, 900);
        await DashboardSignIn.WithPasswordAsync(page, owner.Email, PersonClient.Password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        foreach (var width in new[] { 1440, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.GotoAsync($"{platform.BaseUrl}#/members");
            await Assertions.Expect(page.Locator($"#member-list tr[data-member='{member}'] select")).ToHaveValueAsync("admin");
            await Assertions.Expect(page.Locator("#invitation-list tbody tr[data-invitation]")).ToHaveCountAsync(1);
            await ShotAsync(page, $"people-members-{width}");
            await AssertNoPageScrollAsync(page, $"members at {width} px");
            await page.GotoAsync($"{platform.BaseUrl}#/security");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Second factor" })).ToBeVisibleAsync();
            await ShotAsync(page, $"people-security-{width}");
            await AssertNoPageScrollAsync(page, $"security at {width} px");
        }

        // The owner changes the admin's role on the page.
        await page.GotoAsync($"{platform.BaseUrl}#/members");
        await page.GetByLabel($"Role of {member}", new() { Exact = true }).SelectOptionAsync("viewer");
        var changed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = $"Save the role of {member}" }).ClickAsync(), r => r.Request.Method == "PUT" && r.Url.Contains("/v1/members/", StringComparison.Ordinal));
        Assert.Equal(204, changed.Status);
        await Assertions.Expect(page.Locator($"#member-list tr[data-member='{member}'] select")).ToHaveValueAsync("viewer");
        var members = JsonNode.Parse(await owner.Http.GetStringAsync("/v1/members"))!.AsArray();
        Assert.Equal("viewer", (string?)members.Single(m => (string?)m!["email"] == member)!["role"]);
        Assert.Empty(session.ScriptErrors);
    }

    private async Task<string> InviteAsync(PersonClient inviter, string email, string role)
    {
        using var invited = await inviter.Http.PostAsJsonAsync("/v1/invitations", new { email, role });
        Assert.True(invited.StatusCode == HttpStatusCode.Created, $"invitation of {email}: {(int)invited.StatusCode} {await invited.Content.ReadAsStringAsync()}");
        return await platform.TokenMailedToAsync(email, "invitation");
    }

    private async Task AcceptAsNewAccountAsync(string token, string email)
    {
        using var stranger = PersonClient.New(platform.BaseUrl, email);
        using var accepted = await stranger.Http.PostAsJsonAsync("/v1/invitations/accept", new { token, password = PersonClient.Password });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, $"accepting as {email}: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
    }

    private static async Task<PeopleBrowser> BrowserAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var session = new PeopleBrowser(playwright, browser, page, [], Chromium.ConsoleErrors(page));
        page.PageError += (_, error) => session.ScriptErrors.Add(error);
        return session;
    }

    /// <summary>Keeps a screenshot of the page, and checks it with axe-core: no serious or critical accessibility violation.</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
        var audit = await page.RunAxe();
        var serious = audit.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name}: " + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    private static async Task AssertNoPageScrollAsync(IPage page, string what)
    {
        var (scrollWidth, innerWidth) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scrollWidth <= innerWidth, $"{what}: the page is {scrollWidth} px wide in a {innerWidth} px window");
    }

    private sealed record PeopleBrowser(IPlaywright Playwright, IBrowser Instance, IPage Page, List<string> ScriptErrors, List<string> ConsoleErrors) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Instance.DisposeAsync();
            Playwright.Dispose();
        }
    }
}
