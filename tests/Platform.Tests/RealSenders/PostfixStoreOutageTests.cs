using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.RealSenders;

/// <summary>
/// Postfix in front of the listener while the platform's store is down: the listener must answer 4xx so that the
/// MTA keeps the report and tries again. A class (and fixture) of its own, because its PostgreSQL is stopped and
/// started again, and the connections the platform pooled before fail once each when next used.
/// </summary>
public class PostfixStoreOutageTests(PostfixRelayPlatform platform) : IClassFixture<PostfixRelayPlatform>
{
    [Fact]
    public async Task Reports_that_arrive_while_the_store_is_down_are_deferred_with_451_and_counted_once_after_the_retry()
    {
        using var tenant = await platform.NewTenantAsync();
        // A domain that just got a report (the listener still knows its address, so the outage shows at the end of
        // DATA) and one never mailed before (the listener must ask the store at RCPT).
        var (known, knownAddress) = await RelayedReports.RegisterAsync(tenant);
        var (fresh, freshAddress) = await RelayedReports.RegisterAsync(tenant);
        await platform.Relay.Log.DeliveryAsync(await platform.Relay.SubmitAsync(RelayedReports.Report(known, "before", 1, 0), RelayedReports.Sender, knownAddress), "sent");
        string atData, atRcpt;
        PostfixLogLine dataDeferral, rcptDeferral;
        platform.Store.Stop();
        try
        {
            atData = await platform.Relay.SubmitAsync(RelayedReports.Report(known, "outage", 40, 2), RelayedReports.Sender, knownAddress);
            atRcpt = await platform.Relay.SubmitAsync(RelayedReports.Report(fresh, "outage", 30, 3), RelayedReports.Sender, freshAddress);
            dataDeferral = await platform.Relay.Log.DeliveryAsync(atData, "deferred");
            rcptDeferral = await platform.Relay.Log.DeliveryAsync(atRcpt, "deferred");
        }
        finally
        {
            platform.Store.Resume();
            // Connections pooled before the outage fail once each when next used: the readiness check takes that hit
            // for the platform's own pool (the relay's retries absorb it for the grains' storage).
            await Eventually.TrueAsync(StoreReachableAsync, what: "the platform reaching its store again");
        }

        await platform.Relay.FlushAsync();
        var dataDelivery = await platform.Relay.Log.DeliveryAsync(atData, "sent");
        var rcptDelivery = await platform.Relay.Log.DeliveryAsync(atRcpt, "sent");

        Assert.Contains("said: 451 4.3.0 ", dataDeferral.Text, StringComparison.Ordinal);
        Assert.Contains("(in reply to end of DATA command)", dataDeferral.Text, StringComparison.Ordinal);
        Assert.Contains("said: 451 4.3.0 ", rcptDeferral.Text, StringComparison.Ordinal);
        Assert.Contains("(in reply to RCPT TO command)", rcptDeferral.Text, StringComparison.Ordinal);
        Assert.Contains("status=sent (250 2.6.0 1 report(s) stored", dataDelivery.Text, StringComparison.Ordinal);
        Assert.Contains("status=sent (250 2.6.0 1 report(s) stored", rcptDelivery.Text, StringComparison.Ordinal);
        var knownSummary = await RelayedReports.SummaryAsync(tenant, known);
        Assert.Equal(2, (long)knownSummary["reports"]!);
        Assert.Equal(41, (long)knownSummary["successfulSessions"]!);
        Assert.Equal(2, (long)knownSummary["failedSessions"]!);
        var freshSummary = await RelayedReports.SummaryAsync(tenant, fresh);
        Assert.Equal(1, (long)freshSummary["reports"]!);
        Assert.Equal(30, (long)freshSummary["successfulSessions"]!);
        Assert.Equal(3, (long)freshSummary["failedSessions"]!);
        // The queue manager removes the message just after the delivery agent logged its status.
        await Eventually.TrueAsync(platform.Relay.QueueIsEmptyAsync, what: "Postfix's queue emptying");
    }

    private async Task<bool> StoreReachableAsync()
    {
        using var ready = await platform.Http.GetAsync("/health/ready");
        return ready.IsSuccessStatusCode;
    }
}
