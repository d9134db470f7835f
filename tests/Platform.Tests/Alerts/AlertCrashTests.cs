using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Alerts;

/// <summary>The outbox is durable: an alert that fired while its receiver was down is delivered after a SIGKILL and restart.</summary>
public class AlertCrashTests
{
    [Fact]
    public async Task An_alert_that_fired_before_a_crash_is_delivered_once_after_the_restart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"tlsrpt-alert-crash-{Guid.NewGuid():N}");
        await using var receiver = new TestWebhookReceiver(FreePort.Next());
        var settings = PlatformProcess.Settings(dataDirectory, connectionString: null);
        settings["Alerts:AllowPrivateTargets"] = "true";
        settings["Alerts:FirstRetryAfter"] = "00:00:01";
        settings["Alerts:DispatchInterval"] = "00:00:00.500";
        string alertId;
        System.Net.Http.Headers.AuthenticationHeaderValue? auth;
        try
        {
            await using (var before = await PlatformProcess.StartAsync(FreePort.Next(), settings))
            {
                using var tenant = await TenantClient.CreateTenantAsync(before.BaseUrl, "Crash");
                auth = tenant.DefaultRequestHeaders.Authorization;
                var (name, token) = await tenant.RegisterDomainAsync();
                using var channel = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "webhook", url = receiver.Url.ToString() });
                var channelId = (string)JsonNode.Parse(await channel.Content.ReadAsStringAsync())!["id"]!;
                using var rule = await tenant.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new { kind = "failure-rate", thresholdPercent = 5, minSessions = 10, channels = new[] { channelId } });
                using var http = new HttpClient { BaseAddress = before.BaseUrl };
                using var report = await http.PostJsonAsync(token, Reports.WithSessions(name, "crash-1", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), 50, 50));
                Assert.Equal(HttpStatusCode.Created, report.StatusCode);

                // The receiver is not listening yet: wait until a delivery attempt has failed, then die without warning.
                JsonNode? alert = null;
                await Eventually.TrueAsync(async () =>
                {
                    alert = JsonNode.Parse(await tenant.GetStringAsync("/v1/alerts"))!.AsArray().SingleOrDefault();
                    return alert is not null && (int)alert["attempts"]! >= 1 && alert["lastError"] is not null;
                });
                Assert.Equal("pending", (string?)alert!["status"]);
                alertId = (string)alert["id"]!;
                await before.KillAsync();
            }

            await receiver.StartAsync();
            await using var after = await PlatformProcess.StartAsync(FreePort.Next(), settings);
            using var client = new HttpClient { BaseAddress = after.BaseUrl };
            client.DefaultRequestHeaders.Authorization = auth;
            await Eventually.TrueAsync(() => receiver.Received.Count > 0);
            await Eventually.TrueAsync(async () => (string?)JsonNode.Parse(await client.GetStringAsync("/v1/alerts"))![0]!["status"] == "delivered");
            await Task.Delay(TimeSpan.FromSeconds(2));

            var call = Assert.Single(receiver.Received);
            Assert.Equal(alertId, (string?)JsonNode.Parse(call.Body)!["id"]);
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}
