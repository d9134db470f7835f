using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>
/// Issue 11, attack 8: one tenant queuing test alerts to a webhook that answers in 30 s delayed another tenant's alert
/// by 150 s. With the defaults (10 s webhook time-out, 8 slots per silo) an unfair dispatcher keeps the other tenant
/// waiting for whole rounds of time-outs; a fair one starts its delivery at once.
/// </summary>
public abstract class AlertFairnessTests<TFixture>(TFixture platform, ITestOutputHelper output) : IClassFixture<TFixture>
    where TFixture : PlatformFixture
{
    private static readonly AlertOptions Defaults = new();

    /// <summary>Generous, and still far below the tens of seconds (minutes, with more alerts) an unfair dispatcher takes.</summary>
    private static readonly TimeSpan FirstDeliveryBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_tenant_flooding_a_hanging_webhook_delays_another_tenants_first_alert_by_seconds_at_most()
    {
        await using var hanging = new TestWebhookReceiver(FreePort.Next()) { AnswerAfter = TimeSpan.FromSeconds(30) };
        await using var healthy = new TestWebhookReceiver(FreePort.Next());
        await hanging.StartAsync();
        await healthy.StartAsync();
        using var attacker = await platform.NewTenantAsync("Attacker");
        using var victim = await platform.NewTenantAsync("Victim");
        var attackerChannel = await WebhookAsync(attacker, hanging.Url);
        var victimChannel = await WebhookAsync(victim, healthy.Url);

        var queued = new List<HttpStatusCode>();
        for (var i = 0; i < Defaults.MaxQueuedTestAlertsPerTenant; i++)
        {
            using var test = await attacker.PostAsync($"/v1/alerts/channels/{attackerChannel}/test", null);
            queued.Add(test.StatusCode);
        }

        await Eventually.TrueAsync(() => hanging.CallsInFlight > 0, what: "a call to the attacker's webhook");
        var victimQueuedAt = DateTimeOffset.UtcNow;
        using var victimTest = await victim.PostAsync($"/v1/alerts/channels/{victimChannel}/test", null);
        await Eventually.TrueAsync(() => healthy.Received.Count > 0, seconds: 180, what: "the victim's delivery");
        var delay = healthy.Received[0].At - victimQueuedAt;
        var attackerStillHeld = hanging.CallsInFlight;
        output.WriteLine($"victim's first delivery after {delay.TotalSeconds:0.000} s; attacker's calls in flight then: {attackerStillHeld}, at most {hanging.MaxCallsInFlight} at once");

        Assert.All(queued, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(HttpStatusCode.Accepted, victimTest.StatusCode);
        Assert.True(attackerStillHeld > 0, "the attacker's webhook should still be hanging when the victim's alert arrives");
        Assert.True(delay < FirstDeliveryBound, $"the victim's alert took {delay.TotalSeconds:0.0} s");
        Assert.InRange(hanging.MaxCallsInFlight, 1, Defaults.MaxConcurrentDeliveriesPerTenant);
    }

    [Fact]
    public async Task A_tenant_at_its_test_alert_cap_gets_429_and_nothing_more_is_queued()
    {
        await using var hanging = new TestWebhookReceiver(FreePort.Next()) { AnswerAfter = TimeSpan.FromSeconds(30) };
        await hanging.StartAsync();
        using var tenant = await platform.NewTenantAsync("Flooder");
        var channel = await WebhookAsync(tenant, hanging.Url);

        // All at once, as an attacker would: the cap must hold against concurrent requests too.
        var answers = await Task.WhenAll(Enumerable.Range(0, Defaults.MaxQueuedTestAlertsPerTenant + 5)
            .Select(_ => tenant.PostAsync($"/v1/alerts/channels/{channel}/test", null)));
        using var overCap = await tenant.PostAsync($"/v1/alerts/channels/{channel}/test", null);
        var problem = JsonNode.Parse(await overCap.Content.ReadAsStringAsync())!;
        var alerts = JsonNode.Parse(await tenant.GetStringAsync("/v1/alerts?limit=1000"))!.AsArray();
        foreach (var answer in answers)
        {
            answer.Dispose();
        }

        Assert.Equal(Defaults.MaxQueuedTestAlertsPerTenant, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, overCap.StatusCode);
        Assert.Equal("application/problem+json", overCap.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:tlsrpt-platform:problem:test-alerts-queued", (string?)problem["type"]);
        Assert.Contains($"{Defaults.MaxQueuedTestAlertsPerTenant} test alerts waiting for delivery", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(Defaults.MaxQueuedTestAlertsPerTenant, alerts.Count);
    }

    private static async Task<string> WebhookAsync(HttpClient tenant, Uri url)
    {
        using var response = await tenant.PostAsJsonAsync("/v1/alerts/channels", new { kind = "webhook", url = url.ToString() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }
}

public sealed class PostgresAlertFairnessTests(PostgresAlertAbusePlatform platform, ITestOutputHelper output)
    : AlertFairnessTests<PostgresAlertAbusePlatform>(platform, output);

public sealed class SqliteAlertFairnessTests(SqliteAlertAbusePlatform platform, ITestOutputHelper output)
    : AlertFairnessTests<SqliteAlertAbusePlatform>(platform, output);
