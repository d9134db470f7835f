using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Storage.Database;
using TlsRptPlatform.Storage.Reports;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Archive;

/// <summary>
/// Group commit on both real stores, through the archive itself: copies of one report that share a transaction are
/// counted once, and a report the store refuses fails alone while the others in its transaction are stored.
/// </summary>
public sealed class GroupCommitTests : IAsyncDisposable
{
    private static readonly DateOnly Day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tlsrpt-group-{Guid.NewGuid():N}");

    [Fact]
    public Task Copies_of_a_report_in_one_transaction_count_once_on_the_embedded_store() => CopiesCountOnceAsync(new StorageOptions { DataDirectory = _directory });

    [Fact]
    public async Task Copies_of_a_report_in_one_transaction_count_once_on_postgresql() =>
        await CopiesCountOnceAsync(new StorageOptions { PostgresConnectionString = await PostgresServer.Instance.CreateDatabaseAsync() });

    // One report per transaction and eight transactions at once: a copy's insert waits for another transaction's row and
    // then finds it stored, which the copy's own statement cannot see — the store reads the stored row after the commit.
    [Fact]
    public async Task Copies_of_a_report_in_concurrent_transactions_count_once_on_postgresql() =>
        await CopiesCountOnceAsync(
            new StorageOptions { PostgresConnectionString = await PostgresServer.Instance.CreateDatabaseAsync() },
            new GroupCommitOptions { MaxReports = 1, Committers = 8 });

    [Fact]
    public Task A_refused_report_fails_alone_on_the_embedded_store() => RefusedFailsAloneAsync(new StorageOptions { DataDirectory = _directory });

    [Fact]
    public async Task A_refused_report_fails_alone_on_postgresql() =>
        await RefusedFailsAloneAsync(new StorageOptions { PostgresConnectionString = await PostgresServer.Instance.CreateDatabaseAsync() });

    private async Task CopiesCountOnceAsync(StorageOptions storage, GroupCommitOptions? groupCommit = null)
    {
        var (database, batcher, sizes) = await OpenAsync(storage, groupCommit);
        using (sizes)
        await using (database)
        await using (batcher)
        {
            var store = new ReportStore(database, batcher);
            // 3 domains × 20 reports, each sent 3 times at once: 180 archive calls that queue behind one another.
            var calls = (from copy in Enumerable.Range(0, 3)
                         from domain in Enumerable.Range(0, 3)
                         from report in Enumerable.Range(0, 20)
                         select (Key: (Domain: $"d{domain}.example", Report: $"r{report}"), Task: store.ArchiveAsync(Report($"d{domain}.example", $"r{report}"), Contribution()))).ToList();
            await Task.WhenAll(calls.Select(c => c.Task));

            foreach (var group in calls.GroupBy(c => c.Key))
            {
                var outcomes = group.Select(c => c.Task.Result).ToList();
                Assert.Single(outcomes, o => !o.Duplicate);
                Assert.Single(outcomes.Select(o => o.Id).Distinct());
            }

            foreach (var domain in new[] { "d0.example", "d1.example", "d2.example" })
            {
                var totals = Assert.Single(await store.DailyAsync(domain, Day, Day));
                Assert.Equal((20L, 100L, 20L), (totals.Reports, totals.SuccessfulSessions, totals.FailedSessions));
                var failures = Assert.Single(await store.BreakdownAsync(domain, Day, Day), b => b.Dimension == Dimension.ResultType);
                Assert.Equal(20L, failures.Sessions);
            }

            if (groupCommit?.MaxReports == 1)
            {
                Assert.All(sizes.Values, size => Assert.Equal(1, size));
            }
            else
            {
                Assert.Contains(sizes.Values, size => size > 1);
            }
        }
    }

    private async Task RefusedFailsAloneAsync(StorageOptions storage)
    {
        var (database, batcher, sizes) = await OpenAsync(storage);
        using (sizes)
        await using (database)
        await using (batcher)
        {
            var store = new ReportStore(database, batcher);
            // A NUL character is refused by PostgreSQL's text type and by nothing on SQLite; a null organization by both.
            var bad = Report("bad.example", "r-bad") with { Organization = null! };
            var calls = Enumerable.Range(0, 40).Select(i => store.ArchiveAsync(Report("good.example", $"r{i}"), Contribution())).ToList();
            var refused = store.ArchiveAsync(bad, Contribution());
            calls.AddRange(Enumerable.Range(40, 40).Select(i => store.ArchiveAsync(Report("good.example", $"r{i}"), Contribution())));

            await Assert.ThrowsAnyAsync<Exception>(() => refused);
            var outcomes = await Task.WhenAll(calls);
            Assert.All(outcomes, o => Assert.False(o.Duplicate));
            Assert.Equal(80L, Assert.Single(await store.DailyAsync("good.example", Day, Day)).Reports);
            Assert.Empty(await store.DailyAsync("bad.example", Day, Day));
            Assert.Contains(sizes.Values, size => size > 1);
        }
    }

    private async Task<(PlatformDatabase Database, ArchiveBatcher Batcher, BatchSizes Sizes)> OpenAsync(StorageOptions storage, GroupCommitOptions? groupCommit = null)
    {
        var database = new PlatformDatabase(Options.Create(storage));
        await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var meters = _services.GetRequiredService<IMeterFactory>();
        var batcher = new ArchiveBatcher(database, Options.Create(groupCommit ?? new GroupCommitOptions { Committers = 1 }), meters, NullLogger<ArchiveBatcher>.Instance);
        return (database, batcher, new BatchSizes(meters));
    }

    private static StoredReport Report(string domain, string reportId) => ArchiveSamples.Report(domain, "Grouped", reportId, Day);

    private static ReportContribution Contribution() => ArchiveSamples.Contribution(Day);

    /// <summary>The batch sizes this test's archive recorded (its own meter factory: other tests' archives are not heard).</summary>
    private sealed class BatchSizes : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<int> _values = [];

        public BatchSizes(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "tlsrpt.archive.batch_size")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
            {
                lock (_values)
                {
                    _values.Add(value);
                }
            });
            _listener.Start();
        }

        public void Dispose() => _listener.Dispose();

        public IReadOnlyList<int> Values
        {
            get
            {
                lock (_values)
                {
                    return [.. _values];
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
