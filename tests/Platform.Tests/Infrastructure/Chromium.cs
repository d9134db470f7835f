using Microsoft.Playwright;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>Debian's Chromium, driven by Playwright, and what the browser reports about a page's security policy.</summary>
public static class Chromium
{
    public static string ExecutablePath =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Chromium was not found. Install Debian's browser with 'apt-get install chromium' (the dashboard tests drive it with Playwright).");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>
    /// Collects the page's console errors, less failed resource loads (the dashboard asks <c>/v1/session</c> and gets a
    /// 401 before sign-in): what remains is a script error or a Content-Security-Policy violation.
    /// </summary>
    public static List<string> ConsoleErrors(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        return errors;
    }
}
