using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Imports;

/// <summary>An import that meets a database outage waits it out and counts every report once.</summary>
public sealed class ImportOutageTests(OwnPostgresPlatform platform) : IClassFixture<OwnPostgresPlatform>
{
    private const int Count = 1_500;

    [Fact]
    public async Task An_import_running_when_PostgreSQL_stops_goes_on_when_it_is_back_and_counts_each_report_once()
    {
        using var tenant = await platform.NewTenantAsync();
        var (domain, _) = await tenant.RegisterDomainAsync();
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2);
        var zip = Archives.Zip(Enumerable.Range(0, Count)
            .Select(i => ($"r{i}.json", Reports.WithSessions(domain, $"outage-{i}", day, 10, 1, organization: $"Sender {i % 7}"))).ToArray());

        using var response = await tenant.UploadAsync(domain, zip);
        var location = response.Headers.Location!.ToString();
        await Eventually.TrueAsync(
            async () => (long)(await tenant.GetFromJsonAsync<JsonNode>(location))!["accepted"]! > 0, what: "the import to start storing reports");
        platform.Store.Stop();
        await Task.Delay(TimeSpan.FromSeconds(3));
        platform.Store.Resume();

        JsonNode? job = null;
        await Eventually.TrueAsync(
            async () =>
            {
                // Right after the restart an answer may still fail once per pooled connection; the job is what matters.
                using var answer = await tenant.GetAsync(location);
                job = answer.IsSuccessStatusCode ? JsonNode.Parse(await answer.Content.ReadAsStringAsync()) : null;
                return job is not null && (string)job["status"]! is not ("queued" or "running");
            },
            seconds: 120,
            what: "the import to finish after the outage");

        Assert.Equal("completed", (string)job!["status"]!);
        // A report whose commit's answer was lost in the outage comes back as a duplicate on the retry: never twice.
        Assert.Equal(Count, (long)job["accepted"]! + (long)job["duplicates"]!);
        Assert.Equal(0, (long)job["refused"]!);
        JsonNode? summary = null;
        await Eventually.TrueAsync(async () =>
        {
            using var answer = await tenant.GetAsync($"/v1/domains/{domain}/summary?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
            summary = answer.IsSuccessStatusCode ? JsonNode.Parse(await answer.Content.ReadAsStringAsync()) : null;
            return summary is not null;
        });
        Assert.Equal(Count, (long)summary!["reports"]!);
        Assert.Equal(Count * 10, (long)summary["successfulSessions"]!);
        Assert.Equal(Count, (long)summary["failedSessions"]!);
    }
}
