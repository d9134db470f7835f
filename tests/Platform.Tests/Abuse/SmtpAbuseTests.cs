using System.Net;
using System.Security.Authentication;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>
/// Attacks on the SMTP listener by an anonymous client, each against the real listener over loopback sockets. Caps are
/// small here (<see cref="CappedMailPlatform"/>); every client picks its own source address in 127/8, so that the
/// per-address cap of one test does not count against another.
/// </summary>
public class SmtpAbuseTests(CappedMailPlatform platform) : IClassFixture<CappedMailPlatform>
{
    private const string ReportDomain = "reports.example.net";
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task One_host_holding_idle_connections_does_not_lock_out_another_sender()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var held = await HoldAsync("127.0.0.1", CappedMailPlatform.MaxConnectionsPerAddress);

        using var oneMore = await RawSmtpClient.ConnectAsync("127.0.0.1", platform.SmtpPort);
        var refused = await oneMore.ReadToEndAsync();
        var delivered = await SendFromAsync("127.0.0.2", ReportMails.Report(name, Reports.WithSessions(name, "other-host", Yesterday, 1, 0), gzip: true), token);
        Release(held);

        Assert.Matches(@"^421 4\.7\.0 [^\r\n]*\r\n$", refused);
        Assert.StartsWith("2.6.0", delivered, StringComparison.Ordinal);
        // The held sessions gave their places back: the host may connect again.
        await Eventually.TrueAsync(() => GreetedAsync("127.0.0.1"), seconds: 10, what: "a session from 127.0.0.1 after its idle ones closed");
    }

    [Fact]
    public async Task Hosts_filling_every_session_get_421_for_the_next_and_it_is_closed_without_a_greeting()
    {
        var held = new List<RawSmtpClient>();
        for (var host = 3; held.Count < CappedMailPlatform.MaxConnections; host++)
        {
            held.AddRange(await HoldAsync($"127.0.0.{host}", Math.Min(CappedMailPlatform.MaxConnectionsPerAddress, CappedMailPlatform.MaxConnections - held.Count)));
        }

        using var oneMore = await RawSmtpClient.ConnectAsync("127.0.0.20", platform.SmtpPort);
        var refused = await oneMore.ReadToEndAsync();
        Release(held);

        // Only the 421 line, then end of stream: no 220 follows it, and the listener closed the connection.
        Assert.Matches(@"^421 4\.3\.2 [^\r\n]*\r\n$", refused);
    }

    [Theory]
    [InlineData("SIZE=99999999999", "552")]
    [InlineData("SIZE=99999999999999999999", "552")]
    [InlineData("SIZE=1048577", "552")]
    [InlineData("SIZE=-1", "501")]
    [InlineData("SIZE=abc", "501")]
    [InlineData("SIZE=12k", "501")]
    [InlineData("SIZE", "501")]
    [InlineData("SIZE=123456789012345678901", "501")]
    [InlineData("SIZE=0", "250")]
    [InlineData("SIZE=1048576", "250")]
    public async Task Mail_from_with_an_oversized_or_malformed_size_is_refused_at_once(string parameter, string expected)
    {
        using var client = await RawSmtpClient.ConnectAsync("127.0.0.30", platform.SmtpPort);
        Assert.StartsWith("220", await client.ReadReplyAsync(), StringComparison.Ordinal);
        var ehlo = await client.CommandAsync("EHLO sender.example");

        var reply = await client.CommandAsync($"MAIL FROM:<reporter@sender.example> {parameter}");

        Assert.Matches($"(?m)^250[- ]SIZE {MailPlatform.MaxMessageBytes}$", ehlo);
        Assert.StartsWith(expected + " ", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SslProtocols.Tls13)]
    [InlineData(SslProtocols.Tls12)]
    public async Task Starttls_negotiates_tls_1_3_as_well_as_1_2(SslProtocols only)
    {
        using var client = await RawSmtpClient.ConnectAsync("127.0.0.40", platform.SmtpPort);
        Assert.StartsWith("220", await client.ReadReplyAsync(), StringComparison.Ordinal);
        Assert.Contains("STARTTLS", await client.CommandAsync("EHLO sender.example"), StringComparison.Ordinal);
        Assert.StartsWith("220", await client.CommandAsync("STARTTLS"), StringComparison.Ordinal);

        var negotiated = await client.UpgradeAsync(only, "CN=reports.example.net");
        var ehlo = await client.CommandAsync("EHLO sender.example");

        Assert.Equal(only, negotiated);
        Assert.StartsWith("250", ehlo, StringComparison.Ordinal);
    }

    /// <summary>Opens <paramref name="count"/> sessions from <paramref name="address"/> that each got their 220, and leaves them idle.</summary>
    private async Task<List<RawSmtpClient>> HoldAsync(string address, int count)
    {
        var held = new List<RawSmtpClient>();
        // Places given back by an earlier test's sessions are released as the listener sees them close: wait for that.
        await Eventually.TrueAsync(async () =>
        {
            var client = await RawSmtpClient.ConnectAsync(address, platform.SmtpPort);
            if ((await client.ReadReplyAsync())?.StartsWith("220", StringComparison.Ordinal) == true)
            {
                held.Add(client);
                return held.Count == count;
            }

            client.Dispose();
            return false;
        }, seconds: 10, what: $"{count} sessions from {address}");
        return held;
    }

    private async Task<bool> GreetedAsync(string address)
    {
        using var client = await RawSmtpClient.ConnectAsync(address, platform.SmtpPort);
        return (await client.ReadReplyAsync())?.StartsWith("220", StringComparison.Ordinal) == true;
    }

    private static void Release(IEnumerable<RawSmtpClient> clients)
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private async Task<string> SendFromAsync(string address, MimeMessage message, string token)
    {
        using var client = new SmtpClient { LocalEndPoint = new IPEndPoint(IPAddress.Parse(address), 0) };
        await client.ConnectAsync("127.0.0.1", platform.SmtpPort, SecureSocketOptions.None);
        try
        {
            return await client.SendAsync(message, MailboxAddress.Parse("reporter@sender.example"), [MailboxAddress.Parse($"{token}@{ReportDomain}")]);
        }
        finally
        {
            await client.DisconnectAsync(true);
        }
    }
}
