using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Operator;

/// <summary>A suspended tenant's report mail is accepted and stored like any other: senders never see the suspension.</summary>
public sealed class SuspendedSmtpTests(MailPlatform platform) : IClassFixture<MailPlatform>
{
    [Fact]
    public async Task Report_mail_to_a_suspended_tenants_domain_is_accepted_and_counted()
    {
        using var operatorClient = OperatorClient.Create(platform.BaseUrl);
        using var tenant = await operatorClient.CreateTenantAsync("Suspended mail");
        var domain = await tenant.Client.RegisterDomainAsync();
        await operatorClient.SuspendAsync(tenant.Id);
        var json = Reports.WithSessions(domain.Name, $"m-{Guid.NewGuid():N}", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), 4, 1);

        string reply;
        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", platform.SmtpPort, SecureSocketOptions.None);
            reply = await client.SendAsync(ReportMails.Report(domain.Name, json, gzip: true),
                MailboxAddress.Parse("reporter@sender.example"), [MailboxAddress.Parse($"{domain.Token}@reports.example.net")]);
            await client.DisconnectAsync(true);
        }

        var whileSuspended = await operatorClient.TenantAsync(tenant.Id);
        Assert.StartsWith("2.6.0", reply, StringComparison.Ordinal);
        Assert.Equal("suspended", (string?)whileSuspended["status"]);
        Assert.Equal(1, (long)whileSuspended["reportsStored"]!);
        Assert.Equal(1, (long)whileSuspended["reportsToday"]!);
    }
}
