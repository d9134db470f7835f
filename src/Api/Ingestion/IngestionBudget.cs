using Microsoft.Extensions.Options;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Api.Ingestion;

/// <summary>
/// The one memory budget for report bytes in flight in this process, over HTTPS and SMTP alike
/// (<c>Ingestion:Limits:MaxInflightDecompressedBytes</c>, DESIGN D7). A report reserves what its body and JSON take
/// before it allocates them and gives it back when the report is stored or refused, so hostile senders inflating
/// bombs in parallel can fill the budget but not the process: the rest wait briefly, then are turned away.
/// </summary>
/// <remarks>
/// First fit, not first come: a report whose bytes are free takes them at once, and a release serves every waiter that
/// fits, so a small report (the usual 2 KB) is never held up behind a 50 MiB one that does not fit yet. A large report
/// that keeps missing out times out and is retried by its sender.
/// </remarks>
public sealed class IngestionBudget
{
    private readonly object _lock = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly HeapReclaim _reclaim = new();
    private readonly TimeSpan _wait;
    private long _available;

    public IngestionBudget(IOptions<ReportLimits> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value;
        Capacity = Math.Max(limits.MaxInflightDecompressedBytes, limits.MaxDecompressedBytes);
        _available = Capacity;
        _wait = limits.InflightWait;
    }

    public long Capacity { get; }

    public long InUse
    {
        get
        {
            lock (_lock)
            {
                return Capacity - _available;
            }
        }
    }

    /// <summary>A lease that holds nothing yet; grow it as the report's bytes arrive.</summary>
    public IngestionLease Lease() => new(this);

    /// <summary>Takes <paramref name="bytes"/> now if they are free, without waiting.</summary>
    internal bool TryTake(long bytes)
    {
        lock (_lock)
        {
            if (bytes > _available)
            {
                return false;
            }

            _available -= bytes;
            return true;
        }
    }

    /// <summary>Takes <paramref name="bytes"/>, waiting up to <c>InflightWait</c>; throws <see cref="IngestionBusyException"/> then.</summary>
    internal async Task TakeAsync(long bytes, CancellationToken cancellationToken)
    {
        if (bytes > Capacity)
        {
            throw new IngestionBusyException(_wait);
        }

        Waiter waiter;
        lock (_lock)
        {
            if (bytes <= _available)
            {
                _available -= bytes;
                return;
            }

            waiter = new Waiter(bytes);
            waiter.Node = _waiters.AddLast(waiter);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_wait);
        try
        {
            await waiter.Granted.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            lock (_lock)
            {
                if (waiter.Node.List is not null)
                {
                    _waiters.Remove(waiter.Node);
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new IngestionBusyException(_wait);
                }
            }

            // Granted in the same instant the wait ended: the bytes are ours, so the caller keeps them.
        }
    }

    internal void Give(long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }

        List<Waiter> granted = [];
        bool reclaim;
        lock (_lock)
        {
            _available += bytes;
            for (var node = _waiters.First; node is not null && _available > 0;)
            {
                var next = node.Next;
                if (node.Value.Bytes <= _available)
                {
                    _available -= node.Value.Bytes;
                    _waiters.Remove(node);
                    granted.Add(node.Value);
                }

                node = next;
            }

            reclaim = _reclaim.Released(bytes, idle: _available == Capacity);
        }

        if (reclaim)
        {
            HeapReclaim.Run();
        }

        // Completed outside the lock: continuations must not run while it is held.
        foreach (var waiter in granted)
        {
            waiter.Granted.TrySetResult();
        }
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter> Node { get; set; } = null!;
    }
}
