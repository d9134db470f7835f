using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Storage.Reports;
using TlsRptPlatform.Protocol.Alerts;

namespace TlsRptPlatform.Platform.Tests.Alerts;

public class AlertDeliveryTests(AlertPlatform platform) : IClassFixture<AlertPlatform>
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task A_failure_rate_alert_reaches_a_recovering_webhook_and_a_mailbox_once()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        await using var receiver = new TestWebhookReceiver(FreePort.Next()) { FailFirst = 1 };
        await receiver.StartAsync();
        var webhook = await CreateAsync(tenant, new { kind = "webhook", url = receiver.Url.ToString() });
        var email = await CreateAsync(tenant, new { kind = "email", to = "ops@example.com" });
        using var rule = await tenant.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new
        {
            kind = "failure-rate", thresholdPercent = 5, minSessions = 100, channels = new[] { (string)webhook["id"]!, (string)email["id"]! }, cooldownMinutes = 60,
        });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);

        using var first = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "r1", Yesterday, successful: 900, failed: 100));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await Eventually.TrueAsync(() => receiver.Received.Any(r => r.AnsweredWith == 204) && platform.Smtp.Messages.Any(m => m.To.ToString() == "ops@example.com"));
        using var second = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "r2", Yesterday, successful: 100, failed: 400));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Equal([500, 204], receiver.Received.Select(r => r.AnsweredWith));
        var delivered = receiver.Received[^1];
        Assert.True(
            WebhookSignature.Verify((string)webhook["secret"]!, delivered.Signature, delivered.Body, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 300),
            $"signature {delivered.Signature} does not verify");
        Assert.False(WebhookSignature.Verify("whsec_wrong", delivered.Signature, delivered.Body, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 300));
        var body = JsonNode.Parse(delivered.Body)!;
        Assert.Equal("failure-rate", (string?)body["kind"]);
        Assert.Equal(name, (string?)body["domain"]);
        Assert.Equal(1000, (long)body["details"]!["sessions"]!);
        Assert.Equal(10.0, (double)body["details"]!["failurePercent"]!);
        Assert.StartsWith("t_", (string?)body["tenant"]);
        // The alert says what the failures were and how to fix them, in the words GET /v1/result-types serves.
        var top = body["details"]!["topResultTypes"]![0]!;
        Assert.Equal(("certificate-expired", 100L), ((string?)top["resultType"], (long)top["failedSessions"]!));
        Assert.Equal("Renew the certificate and automate renewal.", (string?)top["fix"]);

        var mail = Assert.Single(platform.Smtp.Messages, m => m.To.ToString() == "ops@example.com");
        Assert.Contains("10 % of 1000", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("certificate-expired (100 sessions): The MX certificate has expired. Fix: Renew the certificate and automate renewal.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<td>1000</td>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal((string?)body["id"], mail.Headers["X-TlsRpt-Alert-Id"]);

        var alert = Assert.Single(await AlertsAsync(tenant), a => (string?)a["domain"] == name);
        Assert.Equal("delivered", (string?)alert["status"]);
        Assert.Equal(3, (int)alert["attempts"]!);
        Assert.Contains("500", (string?)alert["lastError"], StringComparison.Ordinal);
        Assert.Equal(2, (int)alert["deliveries"]!.AsArray().Single(d => (string?)d!["channelId"] == (string?)webhook["id"])!["attempts"]!);
    }

    [Fact]
    public async Task Below_the_threshold_or_the_minimum_nothing_fires()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var email = await CreateAsync(tenant, new { kind = "email", to = "quiet@example.com" });
        using var rule = await tenant.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new { kind = "failure-rate", thresholdPercent = 5, minSessions = 100, channels = new[] { (string)email["id"]! } });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);

        using var atThreshold = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "a", Yesterday, successful: 95, failed: 5));
        using var tooFew = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "b", Yesterday.AddDays(-1), successful: 40, failed: 50));

        Assert.Equal(HttpStatusCode.Created, atThreshold.StatusCode);
        Assert.Equal(HttpStatusCode.Created, tooFew.StatusCode);
        Assert.DoesNotContain(await AlertsAsync(tenant), a => (string?)a["domain"] == name);
    }

    [Fact]
    public async Task Rules_created_or_deleted_after_the_domain_grain_read_them_take_effect_on_the_next_report()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var email = await CreateAsync(tenant, new { kind = "email", to = "changed-rules@example.com" });

        // The grain reads the domain's rules (none yet) for this report and keeps them.
        using var before = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "before", Yesterday.AddDays(-2), successful: 100, failed: 0));
        Assert.Equal(HttpStatusCode.Created, before.StatusCode);

        using var created = await tenant.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new { kind = "failure-rate", thresholdPercent = 5, minSessions = 10, channels = new[] { (string)email["id"]! }, cooldownMinutes = 0 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ruleId = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        using var crossing = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "crossing", Yesterday.AddDays(-1), successful: 50, failed: 50));
        Assert.Equal(HttpStatusCode.Created, crossing.StatusCode);
        var fired = Assert.Single(await AlertsAsync(tenant), a => (string?)a["domain"] == name);
        Assert.Equal(("failure-rate", ruleId), ((string?)fired["kind"], (string?)fired["ruleId"]));

        using var deleted = await tenant.DeleteAsync($"/v1/domains/{name}/alert-rules/{ruleId}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var after = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "after", Yesterday, successful: 50, failed: 50));
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Single(await AlertsAsync(tenant), a => (string?)a["domain"] == name);
    }

    [Fact]
    public async Task A_new_failure_type_fires_once_and_a_known_one_does_not()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var email = await CreateAsync(tenant, new { kind = "email", to = "types@example.com" });
        using var rule = await tenant.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new { kind = "new-failure-type", channels = new[] { (string)email["id"]! }, cooldownMinutes = 0 });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);

        using var known = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "k", Yesterday.AddDays(-3), 10, 1, "validation-failure"));
        var afterFirst = (await AlertsAsync(tenant)).Count(a => (string?)a["domain"] == name);
        using var again = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "k2", Yesterday, 10, 1, "validation-failure"));
        using var fresh = await platform.Http.PostJsonAsync(token, Reports.WithSessions(name, "n", Yesterday, 10, 2, "starttls-not-supported"));

        var alerts = (await AlertsAsync(tenant)).Where(a => (string?)a["domain"] == name).ToList();
        Assert.Equal(1, afterFirst);
        Assert.Equal(2, alerts.Count);
        Assert.Equal("starttls-not-supported", (string?)alerts[0]["details"]!["resultTypes"]![0]!["resultType"]);
        Assert.Equal("Enable STARTTLS on every MX host.", (string?)alerts[0]["details"]!["resultTypes"]![0]!["fix"]);
        Assert.EndsWith("starttls-not-supported (2 sessions): The receiving MX did not offer STARTTLS, so mail went unencrypted or was not delivered. Fix: Enable STARTTLS on every MX host.", (string?)alerts[0]["summary"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_checks_raise_policy_changed_and_policy_broken()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        var record = (string)JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}"))!["tlsRptRecord"]!;
        var email = await CreateAsync(tenant, new { kind = "email", to = "dns@example.com" });
        foreach (var kind in new[] { "policy-changed", "policy-broken" })
        {
            using var rule = await tenant.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new { kind, channels = new[] { (string)email["id"]! }, cooldownMinutes = 0 });
            Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        }

        platform.Dns.AddTxt($"_smtp._tls.{name}", record);
        await CheckAsync(tenant, name);
        var afterFirstCheck = (await AlertsAsync(tenant)).Count(a => (string?)a["domain"] == name);
        platform.Dns.Clear($"_smtp._tls.{name}");
        platform.Dns.AddTxt($"_smtp._tls.{name}", record + ",mailto:copy@example.org");
        await CheckAsync(tenant, name);
        platform.Dns.Clear($"_smtp._tls.{name}");
        await CheckAsync(tenant, name);

        var alerts = (await AlertsAsync(tenant)).Where(a => (string?)a["domain"] == name).ToList();
        Assert.Equal(0, afterFirstCheck);
        var changed = alerts.Where(a => (string?)a["kind"] == "policy-changed").ToList();
        Assert.Equal(2, changed.Count);
        Assert.Contains(changed, a => (string?)a["details"]!["changes"]![0]!["newValue"] is { } v && v.EndsWith("mailto:copy@example.org", StringComparison.Ordinal));
        var broken = Assert.Single(alerts, a => (string?)a["kind"] == "policy-broken");
        Assert.Equal("tlsrpt-missing", (string?)broken["details"]!["findings"]![0]!["code"]);
    }

    [Fact]
    public async Task A_reporter_that_went_quiet_is_reported_once()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        var now = DateTimeOffset.UtcNow;
        var store = platform.Services.GetRequiredService<ReportStore>();
        foreach (var daysAgo in new[] { 3, 4, 5, 6, 7 })
        {
            // Reports received days ago: written through the store, because the API stamps the time of arrival.
            var json = Reports.WithSessions(name, $"quiet-{daysAgo}", DateOnly.FromDateTime(now.UtcDateTime).AddDays(-daysAgo - 1), 10, 0, organization: "quiet.example");
            var report = TlsReportReader.Parse(json, new ReportLimits());
            await store.ArchiveAsync(
                new StoredReport(name, report.OrganizationName, report.ReportId, report.Day, report.StartDatetime, report.EndDatetime, now.AddDays(-daysAgo), "https", null, null, 10, 0, [], json),
                ReportAggregator.Compute(report));
        }

        var email = await CreateAsync(tenant, new { kind = "email", to = "silence@example.com" });
        using var rule = await tenant.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new { kind = "reporter-silent", channels = new[] { (string)email["id"]! }, cooldownMinutes = 0 });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        await Eventually.TrueAsync(async () => (await AlertsAsync(tenant)).Any(a => (string?)a["domain"] == name));
        await Task.Delay(TimeSpan.FromSeconds(3));

        var alert = Assert.Single(await AlertsAsync(tenant), a => (string?)a["domain"] == name);
        Assert.Equal("reporter-silent", (string?)alert["kind"]);
        Assert.Equal("quiet.example", (string?)alert["details"]!["organization"]);
        Assert.Equal(5, (int)alert["details"]!["daysReported"]!);
    }

    [Fact]
    public async Task A_test_alert_is_delivered_to_the_channel()
    {
        using var tenant = await platform.NewTenantAsync();
        var email = await CreateAsync(tenant, new { kind = "email", to = "test-me@example.com" });

        using var test = await tenant.PostAsync($"/v1/alerts/channels/{email["id"]}/test", null);
        await Eventually.TrueAsync(() => platform.Smtp.Messages.Any(m => m.To.ToString() == "test-me@example.com"));

        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        var alert = Assert.Single(await AlertsAsync(tenant));
        Assert.Equal("test", (string?)alert["kind"]);
        await Eventually.TrueAsync(async () => (string?)(await AlertsAsync(tenant))[0]["status"] == "delivered");
    }

    [Fact]
    public async Task Channels_and_rules_are_private_to_their_tenant()
    {
        using var owner = await platform.NewTenantAsync();
        using var stranger = await platform.NewTenantAsync();
        var (name, _) = await owner.RegisterDomainAsync();
        var channel = await CreateAsync(owner, new { kind = "email", to = "owner@example.com" });
        var id = (string)channel["id"]!;
        using var rule = await owner.PostAsJsonAsync($"/v1/domains/{name}/alert-rules", new { kind = "policy-broken", channels = new[] { id } });

        using var get = await stranger.GetAsync($"/v1/alerts/channels/{id}");
        using var test = await stranger.PostAsync($"/v1/alerts/channels/{id}/test", null);
        using var delete = await stranger.DeleteAsync($"/v1/alerts/channels/{id}");
        using var rules = await stranger.GetAsync($"/v1/domains/{name}/alert-rules");
        var (ownName, _) = await stranger.RegisterDomainAsync();
        using var borrowed = await stranger.PostAsJsonAsync($"/v1/domains/{ownName}/alert-rules", new { kind = "policy-broken", channels = new[] { id } });

        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, test.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, rules.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, borrowed.StatusCode);
        Assert.Empty(JsonNode.Parse(await stranger.GetStringAsync("/v1/alerts/channels"))!.AsArray());
        Assert.Single(JsonNode.Parse(await owner.GetStringAsync("/v1/alerts/channels"))!.AsArray());
        Assert.Null(JsonNode.Parse(await owner.GetStringAsync($"/v1/alerts/channels/{id}"))!["secret"]);
    }

    [Theory]
    [InlineData("{\"kind\":\"sms\",\"to\":\"123\"}", "$.kind")]
    [InlineData("{\"kind\":\"email\",\"to\":\"not an address\"}", "$.to")]
    [InlineData("{\"kind\":\"webhook\",\"url\":\"ftp://hooks.example.com/x\"}", "$.url")]
    public async Task Bad_channels_are_refused_with_the_field_named(string json, string path)
    {
        using var tenant = await platform.NewTenantAsync();
        using var response = await tenant.PostAsync("/v1/alerts/channels", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(path, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["path"]);
    }

    [Theory]
    [InlineData("{\"kind\":\"failure-rate\",\"channels\":[\"CH\"]}", "$.thresholdPercent")]
    [InlineData("{\"kind\":\"failure-rate\",\"thresholdPercent\":120,\"channels\":[\"CH\"]}", "$.thresholdPercent")]
    [InlineData("{\"kind\":\"loud-noise\",\"channels\":[\"CH\"]}", "$.kind")]
    [InlineData("{\"kind\":\"policy-broken\",\"channels\":[]}", "$.channels")]
    [InlineData("{\"kind\":\"policy-broken\",\"channels\":[\"CH\"],\"cooldownMinutes\":-1}", "$.cooldownMinutes")]
    public async Task Bad_rules_are_refused_with_the_field_named(string json, string path)
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        var channel = await CreateAsync(tenant, new { kind = "email", to = "rules@example.com" });
        using var response = await tenant.PostAsync(
            $"/v1/domains/{name}/alert-rules", new StringContent(json.Replace("CH", (string)channel["id"]!, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(path, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["path"]);
    }

    private static async Task<JsonNode> CreateAsync(HttpClient tenant, object channel)
    {
        using var response = await tenant.PostAsJsonAsync("/v1/alerts/channels", channel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<List<JsonNode>> AlertsAsync(HttpClient tenant) =>
        JsonNode.Parse(await tenant.GetStringAsync("/v1/alerts"))!.AsArray().Select(a => a!).ToList();

    private static async Task CheckAsync(HttpClient tenant, string name)
    {
        using var response = await tenant.PostAsync($"/v1/domains/{name}/checks", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
