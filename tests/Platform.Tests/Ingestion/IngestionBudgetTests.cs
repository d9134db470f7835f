using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Ingestion;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Platform.Tests.Ingestion;

/// <summary>The process-wide memory budget for reports in flight, as pure logic.</summary>
public class IngestionBudgetTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task A_lease_takes_and_gives_back_its_bytes()
    {
        var budget = Budget(100 * MiB);

        using (var lease = budget.Lease())
        {
            await lease.GrowAsync(60 * MiB, CancellationToken.None);
            lease.Grow(40 * MiB);
            Assert.Equal(100 * MiB, budget.InUse);
            Assert.Throws<IngestionBusyException>(() => lease.Grow(1));
        }

        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public async Task Adjusting_takes_and_gives_back_as_buffers_are_replaced()
    {
        var budget = Budget(100 * MiB);
        using var lease = budget.Lease();
        await lease.GrowAsync(10 * MiB, CancellationToken.None);

        lease.Adjust(20 * MiB);   // a larger buffer is allocated …
        lease.Adjust(-10 * MiB);  // … and the one it replaces is garbage

        Assert.Equal(20 * MiB, lease.Held);
        Assert.Equal(20 * MiB, budget.InUse);
        Assert.Throws<IngestionBusyException>(() => lease.Adjust(81 * MiB));
    }

    [Fact]
    public async Task A_waiter_gets_its_bytes_when_they_are_given_back()
    {
        var budget = Budget(100 * MiB, wait: TimeSpan.FromSeconds(30));
        var holder = budget.Lease();
        await holder.GrowAsync(90 * MiB, CancellationToken.None);
        using var waiter = budget.Lease();

        var waiting = waiter.GrowAsync(50 * MiB, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        holder.Dispose();
        await waiting;

        Assert.Equal(50 * MiB, budget.InUse);
    }

    [Fact]
    public async Task Without_room_in_time_the_caller_is_told_to_come_back()
    {
        var budget = Budget(100 * MiB, wait: TimeSpan.FromMilliseconds(50));
        using var holder = budget.Lease();
        await holder.GrowAsync(100 * MiB, CancellationToken.None);
        using var late = budget.Lease();

        var ex = await Assert.ThrowsAsync<IngestionBusyException>(() => late.GrowAsync(1, CancellationToken.None));

        Assert.True(ex.RetryAfter > TimeSpan.Zero);
        Assert.Equal(0, late.Held);
        Assert.Equal(100 * MiB, budget.InUse);
    }

    [Fact]
    public async Task A_small_report_is_not_held_up_behind_a_large_one_that_does_not_fit()
    {
        var budget = Budget(100 * MiB, wait: TimeSpan.FromSeconds(30));
        var holder = budget.Lease();
        await holder.GrowAsync(60 * MiB, CancellationToken.None);
        using var large = budget.Lease();
        using var small = budget.Lease();
        var largeWaiting = large.GrowAsync(50 * MiB, CancellationToken.None);
        var smallWaiting = small.GrowAsync(10 * MiB, CancellationToken.None);

        Assert.True(smallWaiting.IsCompletedSuccessfully);
        Assert.False(largeWaiting.IsCompleted);
        holder.Dispose();
        await largeWaiting;
        Assert.Equal(60 * MiB, budget.InUse);
        await smallWaiting;
    }

    [Fact]
    public async Task More_than_the_whole_budget_is_refused_at_once()
    {
        var budget = Budget(100 * MiB, wait: TimeSpan.FromMinutes(5));
        using var lease = budget.Lease();

        await Assert.ThrowsAsync<IngestionBusyException>(() => lease.GrowAsync(101 * MiB, CancellationToken.None));
    }

    [Fact]
    public async Task An_aborted_request_stops_waiting_and_takes_nothing()
    {
        var budget = Budget(10 * MiB, wait: TimeSpan.FromMinutes(5));
        using var holder = budget.Lease();
        await holder.GrowAsync(10 * MiB, CancellationToken.None);
        using var aborted = new CancellationTokenSource();
        using var late = budget.Lease();

        var waiting = late.GrowAsync(MiB, aborted.Token);
        await aborted.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        holder.Dispose();
        Assert.Equal(0, budget.InUse);
    }

    private static IngestionBudget Budget(long capacity, TimeSpan? wait = null) =>
        new(Options.Create(new ReportLimits
        {
            MaxDecompressedBytes = Math.Min(capacity, ReportLimits.DefaultMaxDecompressedBytes),
            MaxInflightDecompressedBytes = capacity,
            InflightWait = wait ?? TimeSpan.FromSeconds(1),
        }));
}
