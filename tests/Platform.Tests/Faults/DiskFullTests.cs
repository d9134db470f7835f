using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using MimeKit;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TlsRptPlatform.Platform.Tests.Faults;

/// <summary>The embedded store's disk fills under steady load, then space returns (issue 18).</summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    private const string ReportDomain = "reports.example.net";
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task A_full_disk_refuses_reports_with_503_and_451_writes_nothing_half_and_recovers_when_space_returns()
    {
        await using var disk = await SmallDisk.MountAsync(megabytes: 64);
        var smtpPort = FreePort.Next();
        var settings = PlatformProcess.Settings(disk.Path, connectionString: null);
        settings["Smtp:ListenPort"] = smtpPort.ToString(CultureInfo.InvariantCulture);
        settings["Smtp:ReportDomain"] = ReportDomain;
        TimeSpan freed, recovered;
        SteadySenders senders;
        await using (var platform = await PlatformProcess.StartAsync(FreePort.Next(), settings))
        {
            using var tenant = await TenantClient.CreateTenantAsync(platform.BaseUrl, "Disk");
            var domains = await tenant.RegisterDomainsAsync(8);
            senders = new SteadySenders(platform.BaseUrl, domains, Yesterday, senders: 4);
            await using (senders)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                var filler = disk.Fill();
                await Eventually.TrueAsync(() => senders.Answers.Any(a => a.Status == HttpStatusCode.ServiceUnavailable), 30, "a full disk to be refused");

                // What a sender and an operator see while the disk is full.
                using (var refused = await tenant.PostJsonAsync(domains[0].Token, Reports.WithSessions(domains[0].Name, "while-full", Yesterday, 10, 1)))
                {
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                    Assert.NotNull(refused.Headers.RetryAfter);
                    Assert.EndsWith("storage-full", (string)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["type"]!, StringComparison.Ordinal);
                }

                var smtp = await Assert.ThrowsAsync<SmtpCommandException>(() => MailAsync(smtpPort, domains[1], "mailed-while-full"));
                Assert.Equal(451, (int)smtp.StatusCode);
                Assert.Contains("storage-full", smtp.Message, StringComparison.Ordinal);
                Assert.Contains("out of disk space", platform.Output, StringComparison.Ordinal);

                File.Delete(filler);
                freed = senders.Now;
                recovered = await senders.RecoveryAfterAsync(freed);
                await Task.Delay(TimeSpan.FromSeconds(2));
                await MailAsync(smtpPort, domains[1], "mailed-after");
            }

            output.WriteLine($"answers {senders.Describe()}; first 2xx {recovered.TotalSeconds:F2} s after space returned");
            FaultAssertions.OnlyAcknowledgedOrRetryLater(senders);
            await FaultAssertions.NothingAcknowledgedIsLostAsync(tenant, senders, Yesterday);
            Assert.Equal(0, await ReportsCalledAsync(tenant, domains[0].Name, "while-full"));
            Assert.Equal(0, await ReportsCalledAsync(tenant, domains[1].Name, "mailed-while-full"));
            Assert.Equal(1, await ReportsCalledAsync(tenant, domains[1].Name, "mailed-after"));
            Assert.Equal(0, await platform.TerminateAsync(TimeSpan.FromSeconds(30)));
        }

        // Nothing half-written: the database file the full disk interrupted is whole.
        await using var database = new SqliteConnection($"Data Source={Directory.GetFiles(disk.Path, "*.db").Single()};Mode=ReadOnly;Pooling=False");
        await database.OpenAsync();
        await using var check = database.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
    }

    private static async Task MailAsync(int port, (string Name, string Token) domain, string reportId)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        try
        {
            var message = ReportMails.Report(domain.Name, Reports.WithSessions(domain.Name, reportId, Yesterday, 10, 1), gzip: true);
            await client.SendAsync(message, MailboxAddress.Parse("reporter@sender.example"), [MailboxAddress.Parse($"{domain.Token}@{ReportDomain}")]);
        }
        finally
        {
            await client.DisconnectAsync(true);
        }
    }

    private static async Task<int> ReportsCalledAsync(HttpClient tenant, string domain, string reportId)
    {
        var found = 0;
        for (var offset = 0; ; offset += 1000)
        {
            var page = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{domain}/reports?from={Yesterday:yyyy-MM-dd}&to={Yesterday:yyyy-MM-dd}&limit=1000&offset={offset}"))!.AsArray();
            found += page.Count(r => (string?)r!["reportId"] == reportId);
            if (page.Count < 1000)
            {
                return found;
            }
        }
    }
}
