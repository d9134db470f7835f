using System.Net;
using System.Text.Json.Nodes;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Platform.Tests.Keys;

namespace TlsRptPlatform.Platform.Tests.TokenRotation;

/// <summary>Rotating a report token: real deliveries over HTTPS and SMTP to the old token within and after the grace period.</summary>
public sealed class TokenRotationTests(ShortGracePlatform platform) : IClassFixture<ShortGracePlatform>
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task The_old_token_is_accepted_over_https_and_smtp_within_the_grace_period_and_refused_after_it()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, oldToken) = await tenant.RegisterDomainAsync();

        var rotatedAt = DateTimeOffset.UtcNow;
        var rotated = await RotateAsync(tenant, name);
        var newToken = (string)rotated["reportToken"]!;
        var expiresAt = (DateTimeOffset)rotated["previousReportTokenExpiresAt"]!;
        using var httpsWithin = await platform.Http.PostGzipAsync(oldToken, Reports.WithSessions(name, "old-https", Yesterday, 10, 0));
        var smtpWithin = await SendMailAsync(name, oldToken, "old-smtp");
        using var httpsNew = await platform.Http.PostGzipAsync(newToken, Reports.WithSessions(name, "new-https", Yesterday, 10, 0));
        var shown = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}"))!;

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500));
        using var httpsAfter = await platform.Http.PostGzipAsync(oldToken, Reports.WithSessions(name, "old-https-late", Yesterday, 10, 0));
        var smtpAfter = await Assert.ThrowsAsync<SmtpCommandException>(() => SendMailAsync(name, oldToken, "old-smtp-late"));
        using var httpsNewAfter = await platform.Http.PostGzipAsync(newToken, Reports.WithSessions(name, "new-https-late", Yesterday, 10, 0));

        Assert.NotEqual(oldToken, newToken);
        Assert.Contains($"mailto:{newToken}@", (string?)rotated["tlsRptRecord"], StringComparison.Ordinal);
        Assert.DoesNotContain(oldToken, (string?)rotated["tlsRptRecord"], StringComparison.Ordinal);
        Assert.InRange(expiresAt, rotatedAt + ShortGracePlatform.GracePeriod - TimeSpan.FromSeconds(2), rotatedAt + ShortGracePlatform.GracePeriod + TimeSpan.FromSeconds(2));
        Assert.Equal(expiresAt, (DateTimeOffset)shown["previousReportTokenExpiresAt"]!);
        Assert.Equal(HttpStatusCode.Created, httpsWithin.StatusCode);
        Assert.StartsWith("2.6.0", smtpWithin, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, httpsNew.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, httpsAfter.StatusCode);
        Assert.Equal("urn:tlsrpt-platform:problem:unknown-report-token", (string?)JsonNode.Parse(await httpsAfter.Content.ReadAsStringAsync())!["type"]);
        Assert.Equal(SmtpStatusCode.MailboxUnavailable, smtpAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Created, httpsNewAfter.StatusCode);
        var reports = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/reports?from={Yesterday:yyyy-MM-dd}&to={Yesterday:yyyy-MM-dd}"))!.AsArray();
        Assert.Equal(["new-https", "new-https-late", "old-https", "old-smtp"], reports.Select(r => (string)r!["reportId"]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Rotating_again_ends_the_older_token_at_once()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, first) = await tenant.RegisterDomainAsync();

        var second = (string)(await RotateAsync(tenant, name))["reportToken"]!;
        var third = (string)(await RotateAsync(tenant, name))["reportToken"]!;
        using var toFirst = await platform.Http.PostGzipAsync(first, Reports.WithSessions(name, "to-first", Yesterday, 1, 0));
        using var toSecond = await platform.Http.PostGzipAsync(second, Reports.WithSessions(name, "to-second", Yesterday, 1, 0));
        using var toThird = await platform.Http.PostGzipAsync(third, Reports.WithSessions(name, "to-third", Yesterday, 1, 0));

        Assert.Equal(HttpStatusCode.NotFound, toFirst.StatusCode);
        Assert.Equal(HttpStatusCode.Created, toSecond.StatusCode);
        Assert.Equal(HttpStatusCode.Created, toThird.StatusCode);
    }

    [Fact]
    public async Task Only_the_owner_with_a_write_key_rotates_a_domains_token()
    {
        using var owner = await platform.NewTenantAsync("Owner");
        using var other = await platform.NewTenantAsync("Other");
        using var reader = await owner.CreateKeyAsync("read");
        var (name, token) = await owner.RegisterDomainAsync();

        using var byOther = await other.PostAsync($"/v1/domains/{name}/report-token/rotate", null);
        using var byReader = await reader.Client.PostAsync($"/v1/domains/{name}/report-token/rotate", null);
        var unchanged = JsonNode.Parse(await owner.GetStringAsync($"/v1/domains/{name}"))!;

        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byReader.StatusCode);
        Assert.Equal(token, (string?)unchanged["reportToken"]);
        Assert.Null(unchanged["previousReportTokenExpiresAt"]);
    }

    private static async Task<JsonNode> RotateAsync(HttpClient tenant, string name)
    {
        using var response = await tenant.PostAsync($"/v1/domains/{name}/report-token/rotate", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    private async Task<string> SendMailAsync(string domain, string token, string reportId)
    {
        var message = ReportMails.Report(domain, Reports.WithSessions(domain, reportId, Yesterday, 10, 0), gzip: true);
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", platform.SmtpPort, SecureSocketOptions.None);
        try
        {
            return await client.SendAsync(message, MailboxAddress.Parse("reporter@sender.example"), [MailboxAddress.Parse($"{token}@reports.example.net")]);
        }
        finally
        {
            await client.DisconnectAsync(true);
        }
    }
}

/// <summary>The default grace period, on the default PostgreSQL fixture.</summary>
public sealed class DefaultGracePeriodTests(PostgresPlatform platform) : IClassFixture<PostgresPlatform>
{
    [Fact]
    public async Task A_rotation_keeps_the_old_token_for_seven_days_by_default()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();

        using var response = await tenant.PostAsync($"/v1/domains/{name}/report-token/rotate", null);
        var expiresAt = (DateTimeOffset)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["previousReportTokenExpiresAt"]!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
    }
}
