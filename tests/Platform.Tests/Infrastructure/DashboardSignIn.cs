using Microsoft.Playwright;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>The dashboard's sign-in page as the browser tests use it: the API-key form sits in a closed "Sign in with an API key" section below the e-mail form.</summary>
public static class DashboardSignIn
{
    public static async Task WithKeyAsync(IPage page, string key)
    {
        ArgumentNullException.ThrowIfNull(page);
        var field = page.GetByLabel("Tenant API key");
        await Assertions.Expect(page.Locator("#key-sign-in")).ToBeVisibleAsync();
        if (!await field.IsVisibleAsync())
        {
            await page.GetByText("Sign in with an API key").ClickAsync();
        }

        await field.FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with the key" }).ClickAsync();
        // The pointer must not rest where the button was: a chart drawn there later would take it as a hover.
        await page.Mouse.MoveAsync(0, 0);
    }

    public static async Task WithPasswordAsync(IPage page, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.Mouse.MoveAsync(0, 0);
    }
}
