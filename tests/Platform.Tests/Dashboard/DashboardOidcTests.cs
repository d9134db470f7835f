using Microsoft.Playwright;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Dashboard;

/// <summary>Signing in to the dashboard through an OpenID Connect provider, in Chromium, over real redirects.</summary>
public sealed class DashboardOidcTests(OidcPlatform platform) : IClassFixture<OidcPlatform>
{
    [Fact]
    public async Task The_provider_button_leads_through_the_providers_form_back_into_the_dashboard_signed_in()
    {
        var email = PersonClient.NewEmail("sso-browser");
        var subject = Guid.NewGuid().ToString("N");
        platform.Provider.AddUser("sso-browser", "provider-password", subject, email, emailVerified: true, "Browser Person");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await page.GotoAsync(platform.BaseUrl.ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = OidcPlatform.DisplayName }).ClickAsync();

        await page.GetByLabel("Username").FillAsync("sso-browser");
        await page.GetByLabel("Password").FillAsync("provider-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Open sign-up: a new verified identity gets an account and a tenant of its own, named after the address.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tenant")).ToContainTextAsync(email);
        await Assertions.Expect(page.Locator("#tenant-role")).ToHaveTextAsync("owner");
        Assert.Empty(scriptErrors);

        // A refused sign-in comes back to the sign-in page with a readable reason.
        await page.GotoAsync($"{platform.BaseUrl}#/sign-in?error=oidc-email-unverified");
        await Assertions.Expect(page.GetByText("provider does not say the address is verified")).ToBeVisibleAsync();
    }
}
