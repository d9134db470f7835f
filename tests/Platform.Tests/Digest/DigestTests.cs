using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using TlsRptPlatform.Grains.Digest;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Storage.Digest;
using TlsRptPlatform.Storage.Domains;

namespace TlsRptPlatform.Platform.Tests.Digest;

/// <summary>
/// The weekly digest end to end: opt-in through the API, reports backdated into the week before last and last week, a
/// digest pass at a chosen moment, the alert outbox, and the mail as the SMTP server received it.
/// </summary>
public sealed partial class DigestTests(DigestPlatform platform) : IClassFixture<DigestPlatform>
{
    // Last week's Monday: the digest pass runs on the Tuesday after it, which has always passed, so the queued deliveries
    // are due at once. The digest covers the ISO week before that Monday, and compares it with the week before.
    private static readonly DateOnly ThisMonday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-(((int)DateTime.UtcNow.DayOfWeek + 6) % 7));
    private static readonly DateOnly SendMonday = ThisMonday.AddDays(-7);
    private static readonly DateTimeOffset SendAt = new(SendMonday.AddDays(1).ToDateTime(new TimeOnly(DigestPlatform.SendHour, 0)), TimeSpan.Zero);
    private static readonly DateOnly WeekFrom = SendMonday.AddDays(-7);
    private static readonly DateOnly WeekTo = SendMonday.AddDays(-1);

    private DigestRunner Runner => platform.Services.GetRequiredService<DigestRunner>();

    [Fact]
    public async Task An_opted_in_channel_gets_each_domains_week_against_the_last_with_fixes_and_links()
    {
        using var tenant = await platform.NewTenantAsync("Digest Co");
        var (first, firstToken) = await tenant.RegisterDomainAsync();
        var (second, secondToken) = await tenant.RegisterDomainAsync();
        await ReportAsync(firstToken, first, "w1", WeekFrom.AddDays(2), 900, 100, "certificate-expired");
        await ReportAsync(firstToken, first, "w0", WeekFrom.AddDays(-5), 990, 10, "starttls-not-supported");
        await ReportAsync(secondToken, second, "s1", WeekTo, 2_500, 0, "validation-failure");
        var address = await OptInAsync(tenant);

        Assert.Equal(0, await Runner.RunAsync(SendAt.AddMinutes(-1)));
        await Runner.RunAsync(SendAt);

        var mail = await MailToAsync(address);
        Assert.Equal(WeekKey, mail.Headers["X-TlsRpt-Digest-Week"]);
        Assert.Contains("Digest Co", mail.Subject, StringComparison.Ordinal);
        var text = mail.TextBody;
        var html = mail.HtmlBody;
        Assert.NotNull(text);
        Assert.NotNull(html);

        Assert.Contains($"This week: 1,000 sessions, 100 failed (10 %)", Section(text, first), StringComparison.Ordinal);
        Assert.Contains($"Last week: 1,000 sessions, 10 failed (1 %)", Section(text, first), StringComparison.Ordinal);
        Assert.Contains("Failure: certificate-expired (100 sessions)", Section(text, first), StringComparison.Ordinal);
        Assert.Contains("Fix: Renew the certificate and automate renewal.", Section(text, first), StringComparison.Ordinal);
        Assert.DoesNotContain("starttls-not-supported", Section(text, first), StringComparison.Ordinal);
        Assert.Contains("This week: 2,500 sessions, 0 failed (0 %)", Section(text, second), StringComparison.Ordinal);
        Assert.Contains("Last week: 0 sessions, 0 failed (no reports)", Section(text, second), StringComparison.Ordinal);

        var link = $"https://tlsrpt.example.net/#/domains/{first}?from={WeekFrom:yyyy-MM-dd}&to={WeekTo:yyyy-MM-dd}";
        Assert.Contains(link, text, StringComparison.Ordinal);
        Assert.Contains($"href=\"{WebUtility.HtmlEncode(link)}\"", html, StringComparison.Ordinal);
        Assert.Contains("<td align=\"right\">1,000</td><td align=\"right\">100</td><td align=\"right\">10 %</td>", html, StringComparison.Ordinal);
        Assert.Contains("Renew the certificate and automate renewal.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.False(ExternalImage().IsMatch(html), "the HTML part loads an external image");
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_tenant_that_did_not_opt_in_gets_nothing()
    {
        using var quiet = await platform.NewTenantAsync("Quiet");
        var (name, token) = await quiet.RegisterDomainAsync();
        await ReportAsync(token, name, "q1", WeekFrom.AddDays(1), 100, 5, "certificate-expired");
        var quietAddress = await ChannelAsync(quiet);
        Assert.False((bool)JsonNode.Parse(await quiet.GetStringAsync("/v1/digest"))!["enabled"]!);
        using var control = await platform.NewTenantAsync("Control");
        var controlAddress = await OptInAsync(control);

        await Runner.RunAsync(SendAt.AddHours(1));

        // The opted-in tenant's digest arrives through the same outbox, so by then the other one would have too.
        await MailToAsync(controlAddress);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(platform.Smtp.Messages, m => m.To.ToString() == quietAddress);
        Assert.DoesNotContain(await AlertsAsync(quiet), a => (string?)a["kind"] == "digest");
    }

    [Fact]
    public async Task Concurrent_and_repeated_passes_queue_one_digest_per_channel_and_week()
    {
        using var tenant = await platform.NewTenantAsync("Once");
        var (name, token) = await tenant.RegisterDomainAsync();
        await ReportAsync(token, name, "o1", WeekFrom.AddDays(3), 50, 1, "certificate-expired");
        var first = await OptInAsync(tenant);
        var second = await ChannelAsync(tenant);

        // As two silos on one database would, then as a restarted silo later in the day.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner.RunAsync(SendAt.AddHours(2)))));
        await MailToAsync(first);
        await MailToAsync(second);
        await Runner.RunAsync(SendAt.AddHours(5));
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Single(platform.Smtp.Messages, m => m.To.ToString() == first);
        Assert.Single(platform.Smtp.Messages, m => m.To.ToString() == second);
        var tenantId = (await platform.Services.GetRequiredService<DomainStore>().FindAsync(name))!.TenantId;
        Assert.Equal(2, await platform.Services.GetRequiredService<DigestStore>().QueuedCountAsync(tenantId, WeekKey));
        var digest = Assert.Single(await AlertsAsync(tenant), a => (string?)a["kind"] == "digest");
        Assert.Equal("delivered", (string?)digest["status"]);
    }

    [Fact]
    public async Task A_digest_names_only_its_own_tenants_domains()
    {
        using var ours = await platform.NewTenantAsync("Ours");
        var (own, ownToken) = await ours.RegisterDomainAsync();
        await ReportAsync(ownToken, own, "a1", WeekFrom.AddDays(4), 300, 30, "certificate-expired");
        var ourAddress = await OptInAsync(ours);
        using var theirs = await platform.NewTenantAsync("Theirs");
        var (foreign, foreignToken) = await theirs.RegisterDomainAsync();
        await ReportAsync(foreignToken, foreign, "b1", WeekFrom.AddDays(4), 700, 70, "starttls-not-supported");
        var theirAddress = await OptInAsync(theirs);

        await Runner.RunAsync(SendAt.AddHours(3));

        var ourMail = await MailToAsync(ourAddress);
        var theirMail = await MailToAsync(theirAddress);
        Assert.Contains(own, ourMail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(foreign, ourMail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(foreign, ourMail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("starttls-not-supported", ourMail.TextBody, StringComparison.Ordinal);
        Assert.Contains(foreign, theirMail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(own, theirMail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(own, theirMail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_opt_in_is_refused_without_a_value_and_can_be_turned_off()
    {
        using var tenant = await platform.NewTenantAsync();
        using var empty = await tenant.PutAsJsonAsync("/v1/digest", new { });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var on = await tenant.PutAsJsonAsync("/v1/digest", new { enabled = true });
        Assert.True((bool)JsonNode.Parse(await on.Content.ReadAsStringAsync())!["enabled"]!);
        using var off = await tenant.PutAsJsonAsync("/v1/digest", new { enabled = false });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.False((bool)JsonNode.Parse(await tenant.GetStringAsync("/v1/digest"))!["enabled"]!);
    }

    private static string WeekKey => new DigestWeek(WeekFrom, WeekTo).Key;

    /// <summary>The text part's section about one domain: from its name to the next dashboard link.</summary>
    private static string Section(string text, string domain)
    {
        var start = text.IndexOf(domain + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section for {domain} in:\n{text}");
        var end = text.IndexOf("Dashboard:", start, StringComparison.Ordinal);
        return text[start..end];
    }

    private async Task<MimeMessage> MailToAsync(string address)
    {
        await Eventually.TrueAsync(() => platform.Smtp.Messages.Any(m => m.To.ToString() == address), what: $"a digest to {address}");
        return platform.Smtp.Messages.First(m => m.To.ToString() == address);
    }

    private async Task ReportAsync(string token, string domain, string id, DateOnly day, long successful, long failed, string resultType)
    {
        using var response = await platform.Http.PostJsonAsync(token, Reports.WithSessions(domain, id, day, successful, failed, resultType));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task<string> OptInAsync(HttpClient tenant)
    {
        var address = await ChannelAsync(tenant);
        using var response = await tenant.PutAsJsonAsync("/v1/digest", new { enabled = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return address;
    }

    private static async Task<string> ChannelAsync(HttpClient tenant)
    {
        var address = $"d{Guid.NewGuid():N}@example.com";
        using var response = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "email", to = address });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return address;
    }

    private static async Task<List<JsonNode>> AlertsAsync(HttpClient tenant) =>
        JsonNode.Parse(await tenant.GetStringAsync("/v1/alerts"))!.AsArray().Select(a => a!).ToList();

    [GeneratedRegex("<img[^>]+src\\s*=\\s*[\"']?https?:", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalImage();
}
