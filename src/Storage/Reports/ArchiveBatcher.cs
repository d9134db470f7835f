using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Protocol.Telemetry;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Reports;

/// <summary>
/// Group commit: reports of any domain that wait while a transaction is in flight go into the next one together, so
/// one commit (one fsync, one round trip) carries many reports under load, while a report that arrives alone commits at
/// once — nothing waits for a timer. Each caller's task completes only after its transaction has committed, so a 2xx
/// still means durable, and each report keeps its own nonce check, so it is still counted exactly once.
/// </summary>
/// <remarks>
/// A transaction holds what is queued when a committer is free, up to <see cref="GroupCommitOptions.MaxReports"/>.
/// When a transaction of several reports fails, each of them is tried again alone: one report's error (or a statement
/// the server refuses for it) must not fail the others, and each caller gets its own answer.
/// </remarks>
public sealed partial class ArchiveBatcher : IAsyncDisposable
{
    private readonly PlatformDatabase _database;
    private readonly ILogger<ArchiveBatcher> _logger;
    private readonly int _maxReports;
    private readonly Channel<PendingArchive> _queue;
    private readonly Task[] _committers;
    private readonly PreparedWriter? _sqliteWriter;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<double> _queueDuration;

    /// <summary>The platform's meter (shared by name with the API's and the grains' instruments).</summary>
    public const string MeterName = "TlsRptPlatform";

    public ArchiveBatcher(PlatformDatabase database, IOptions<GroupCommitOptions> options, IMeterFactory meters, ILogger<ArchiveBatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _batchSize = meter.CreateHistogram<int>("tlsrpt.archive.batch_size", unit: "{report}", description: "Reports committed together in one transaction",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _commitDuration = DurationHistogram.Create(meter, "tlsrpt.archive.commit.duration", "Time one archive transaction took, from opening the connection to its commit");
        // Where a slow acknowledgement comes from: waiting for a transaction (committers busy) or the transaction itself.
        _queueDuration = DurationHistogram.Create(meter, "tlsrpt.archive.queue.duration", "Time a report waited for a transaction to take it");
        _database = database;
        _logger = logger;
        _maxReports = options.Value.MaxReports;
        _queue = Channel.CreateBounded<PendingArchive>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
        });
        _sqliteWriter = database.Dialect == SqlDialect.Sqlite ? new PreparedWriter(database) : null;
        var committers = _sqliteWriter is not null ? 1 : options.Value.Committers;
        _committers = Enumerable.Range(0, committers).Select(_ => Task.Run(CommitLoopAsync)).ToArray();
    }

    /// <summary>
    /// Runs one report's statements in a shared transaction and returns the row its last statement reads, once the
    /// transaction has committed; null when that row holds nulls. Cancelling stops the wait, not a transaction already under way.
    /// </summary>
    public async Task<(long Id, string Nonce)?> CommitAsync(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken)
    {
        var pending = new PendingArchive(statements);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<PendingArchive>(_maxReports);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < _maxReports && _queue.Reader.TryRead(out var pending))
            {
                _queueDuration.Record(Stopwatch.GetElapsedTime(pending.Queued).TotalSeconds);
                batch.Add(pending);
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
            }
        }
    }

    private async Task CommitAsync(List<PendingArchive> batch)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var rows = await WriteAsync(batch);
            _commitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            _batchSize.Record(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(rows[i]);
            }
        }
        catch (Exception e) when (batch.Count > 1)
        {
            LogBatchFailed(_logger, batch.Count, e.Message);
            foreach (var pending in batch)
            {
                await CommitAloneAsync(pending);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private async Task CommitAloneAsync(PendingArchive pending)
    {
        try
        {
            pending.Done.TrySetResult((await WriteAsync([pending]))[0]);
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
        }
    }

    private async Task<IReadOnlyList<(long Id, string Nonce)?>> WriteAsync(IReadOnlyList<PendingArchive> batch)
    {
        // No cancellation: a transaction that has begun either commits or fails on its own; its callers may stop waiting.
        using var write = await _database.EnterWriteAsync();
        var groups = batch.Select(p => p.Statements).ToList();
        if (_sqliteWriter is not null)
        {
            return await _sqliteWriter.ExecuteGroupsAsync(groups, ReadStored);
        }

        await using var connection = await _database.OpenAsync();
        return await connection.ExecuteGroupsAsync(groups, ReadStored, CancellationToken.None);
    }

    /// <summary>Lets the committers finish what is queued, then stops them.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_committers);
        if (_sqliteWriter is not null)
        {
            await _sqliteWriter.DisposeAsync();
        }
    }

    private static (long Id, string Nonce)? ReadStored(System.Data.Common.DbDataReader reader) =>
        reader.IsDBNull(1) ? null : (reader.GetInt64(0), reader.GetString(1));

    [LoggerMessage(Level = LogLevel.Debug, Message = "A transaction of {Reports} reports failed ({Error}); each is tried alone")]
    private static partial void LogBatchFailed(ILogger logger, int reports, string error);

    private sealed class PendingArchive(IReadOnlyList<SqlStatement> statements)
    {
        public IReadOnlyList<SqlStatement> Statements { get; } = statements;

        public long Queued { get; } = Stopwatch.GetTimestamp();

        // Completed on a committer's thread; the caller's continuation must not run there and hold up the next commit.
        public TaskCompletionSource<(long Id, string Nonce)?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
