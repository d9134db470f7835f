using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Digest;

/// <summary>
/// The digest's "once per channel and week" with the platform as it runs in production: two silos checking every
/// second, then one of them killed and replaced — one mail, however many processes found the tenant due.
/// </summary>
public sealed class DigestAcrossProcessesTests
{
    [Fact]
    public async Task Two_silos_and_a_restart_send_one_digest_per_channel_and_week()
    {
        await using var smtp = new TestSmtpServer();
        var connectionString = await PostgresServer.Instance.CreateDatabaseAsync();
        Dictionary<string, string> Settings()
        {
            var settings = PlatformProcess.Settings(Path.Combine(Path.GetTempPath(), $"tlsrpt-digest-{Guid.NewGuid():N}"), connectionString);
            settings["Orleans:ClusterId"] = "digest";
            settings["Alerts:Smtp:Host"] = "127.0.0.1";
            settings["Alerts:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture);
            settings["Alerts:Smtp:Security"] = "None";
            settings["Alerts:Smtp:From"] = "alerts@tlsrpt.example.net";
            settings["Alerts:DispatchInterval"] = "00:00:00.500";
            // Due since midnight today, checked every second by every silo.
            settings["Digest:DayOfWeek"] = DateTime.UtcNow.DayOfWeek.ToString();
            settings["Digest:Hour"] = "0";
            settings["Digest:CheckInterval"] = "00:00:01";
            return settings;
        }

        await using var cluster = await ProcessCluster.StartAsync(connectionString, silos: 2, _ => Settings());
        using var tenant = await TenantClient.CreateTenantAsync(cluster.Gateway.BaseUrl, "Digest Cluster");
        await tenant.RegisterDomainAsync();
        var address = $"d{Guid.NewGuid():N}@example.com";
        using (var channel = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "email", to = address }))
        {
            Assert.Equal(HttpStatusCode.Created, channel.StatusCode);
        }

        using (var optIn = await tenant.PutAsJsonAsync("/v1/digest", new { enabled = true }))
        {
            Assert.Equal(HttpStatusCode.OK, optIn.StatusCode);
        }

        int MailsTo() => smtp.Messages.Count(m => m.To.Mailboxes.Any(b => b.Address == address));
        await Eventually.TrueAsync(() => MailsTo() > 0, 60, "the digest to arrive");

        // A silo dies and a new one starts: it finds the tenant due again, and must not send the week twice.
        await cluster.Silos[0].KillAsync();
        await using (var replacement = await PlatformProcess.StartAsync(FreePort.Next(), WithRole(Settings(), "silo")))
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.Equal(1, MailsTo());
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM digest_sends", connection);
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    private static Dictionary<string, string> WithRole(Dictionary<string, string> settings, string role)
    {
        settings["Platform:Role"] = role;
        return settings;
    }
}
