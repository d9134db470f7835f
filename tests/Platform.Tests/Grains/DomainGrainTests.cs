using System.Text;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Grains;

public class DomainGrainTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly DateOnly From = new(2000, 1, 1);
    private static readonly DateOnly To = new(2030, 12, 31);

    [Fact]
    public async Task Concurrent_deliveries_of_one_report_are_counted_once()
    {
        var (grain, token, name) = await RegisterAsync();
        var report = Reports.For("parsedmarc/smtp_tls.json", name);

        // Retries, an HTTPS and a mail delivery of the same report, all at once.
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => grain.IngestAsync(Request(token, report))));

        Assert.Single(results, r => r.Outcome == IngestOutcome.Accepted);
        Assert.Equal(19, results.Count(r => r.Outcome == IngestOutcome.Duplicate));
        Assert.Single(results.Select(r => r.ReportId).Distinct());
        var summary = await grain.GetSummaryAsync("tenant-a", From, To);
        Assert.Equal(1, summary!.Reports);
    }

    [Fact]
    public async Task Reports_are_filed_under_the_utc_day_they_start()
    {
        var (grain, token, name) = await RegisterAsync();
        var report = Encoding.UTF8.GetBytes($$$"""
            {"organization-name":"Late Inc","date-range":{"start-datetime":"2024-03-09T23:30:00-02:00","end-datetime":"2024-03-10T23:30:00-02:00"},
             "contact-info":null,"report-id":"tz-1","policies":[{"policy":{"policy-type":"sts","policy-domain":"{{{name}}}"},
             "summary":{"total-successful-session-count":3,"total-failure-session-count":0}}]}
            """);

        var result = await grain.IngestAsync(Request(token, report));
        var daily = await grain.GetDailyAsync("tenant-a", new DateOnly(2024, 3, 9), new DateOnly(2024, 3, 10));

        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        Assert.Equal([0L, 3L], daily!.Select(d => d.SuccessfulSessions));
    }

    [Fact]
    public async Task A_wrong_token_or_tenant_sees_nothing()
    {
        var (grain, _, name) = await RegisterAsync();

        var ingest = await grain.IngestAsync(Request("wrongtoken", Reports.For("parsedmarc/smtp_tls.json", name)));

        Assert.Equal(IngestOutcome.UnknownToken, ingest.Outcome);
        Assert.Null(await grain.GetAsync("tenant-b"));
        Assert.Null(await grain.GetSummaryAsync("tenant-b", From, To));
        Assert.Null(await grain.GetRejectionsAsync("tenant-b"));
        Assert.False(await grain.DeleteAsync("tenant-b"));
        Assert.NotNull(await grain.GetAsync("tenant-a"));
    }

    [Fact]
    public async Task Rejection_log_survives_reactivation_and_stays_bounded()
    {
        var (grain, token, _) = await RegisterAsync();
        for (var i = 0; i < 105; i++)
        {
            var result = await grain.IngestAsync(Request(token, Encoding.UTF8.GetBytes("{\"n\":" + i + "}")));
            Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        }

        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var rejections = await grain.GetRejectionsAsync("tenant-a");

        Assert.Equal(100, rejections!.Count);
        Assert.All(rejections, r => Assert.Equal(ProblemKind.InvalidReport, r.Kind));
        Assert.Equal("$.organization-name", rejections[0].Path);
    }

    private async Task<(IDomainGrain Grain, string Token, string Name)> RegisterAsync()
    {
        await EnsureTenantsAsync();
        var name = $"g{Guid.NewGuid():N}.example";
        var grain = fixture.Grains.GetGrain<IDomainGrain>(name);
        var registration = await grain.RegisterAsync("tenant-a");
        Assert.Equal(RegistrationOutcome.Created, registration.Outcome);
        return (grain, registration.Domain!.ReportToken, name);
    }

    private async Task EnsureTenantsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "INSERT INTO tenants (id, name, created_at) VALUES ('tenant-a', 'A', 0), ('tenant-b', 'B', 0) ON CONFLICT DO NOTHING", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static IngestRequest Request(string token, byte[] json) =>
        new(token, json, "https", DateTimeOffset.UtcNow, null, null, "192.0.2.1");
}
