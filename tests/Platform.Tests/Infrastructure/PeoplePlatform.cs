using System.Text.RegularExpressions;
using MimeKit;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// The platform on PostgreSQL with open sign-up and a real SMTP server of its own for account mail (verification,
/// reset, invitations), which the tests read the links from.
/// </summary>
public class PeoplePlatform : PlatformFixture
{
    public TestSmtpServer Mail { get; } = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }

    /// <summary>The token of the newest link to <paramref name="page"/> mailed to <paramref name="to"/>, waiting for it to arrive.</summary>
    public async Task<string> TokenMailedToAsync(string to, string page, int skip = 0)
    {
        var pattern = new Regex($"#/{Regex.Escape(page)}\\?token=([A-Za-z0-9_%-]+)");
        string? token = null;
        await Eventually.TrueAsync(() =>
        {
            token = MailTo(to).Select(m => pattern.Match(m.TextBody ?? string.Empty))
                .Where(m => m.Success).Skip(skip).Select(m => Uri.UnescapeDataString(m.Groups[1].Value)).LastOrDefault();
            return token is not null;
        }, what: $"a {page} link mailed to {to}");
        return token!;
    }

    public IReadOnlyList<MimeMessage> MailTo(string to) =>
        [.. Mail.Messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, to, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>PostgreSQL (production's store) unless a subclass says otherwise.</summary>
    protected virtual bool OnPostgres => true;

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Platform:SignUp"] = "open",
            // Mailed links lead to this very platform, and its session cookie is not Secure-only on plain loopback HTTP.
            ["Platform:PublicBaseUrl"] = BaseUrl.ToString(),
            ["Alerts:Smtp:Host"] = "127.0.0.1",
            ["Alerts:Smtp:Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Alerts:Smtp:Security"] = "None",
            ["Alerts:Smtp:From"] = "platform@tlsrpt.example.net",
        };
        if (OnPostgres)
        {
            settings["ConnectionStrings:Platform"] = await PostgresServer.Instance.CreateDatabaseAsync();
        }

        return settings;
    }
}

/// <summary>The same on the embedded SQLite store.</summary>
public sealed class SqlitePeoplePlatform : PeoplePlatform
{
    protected override bool OnPostgres => false;
}
