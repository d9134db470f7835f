using System.Runtime;

namespace TlsRptPlatform.Api.Ingestion;

/// <summary>
/// Gives the memory of large reports back to the operating system once ingestion is idle. After a burst of 50 MiB
/// reports nothing allocates, so no full collection runs and the garbage stays resident (docs/BENCHMARKS.md measured
/// +800 MiB a minute after an attack). One aggressive, compacting collection when the budget empties after at least
/// <see cref="Threshold"/> of large leases fixes that; ordinary 2 KB reports never trigger it.
/// </summary>
internal sealed class HeapReclaim
{
    /// <summary>A lease at least this large counts towards a reclaim.</summary>
    public const long LargeLease = 8 * 1024 * 1024;

    private const long Threshold = 64 * 1024 * 1024;
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    private long _largeReleased;
    private long _lastReclaim = long.MinValue / 2;

    /// <summary>Called under the budget's lock; returns true when the caller should <see cref="Run"/> a reclaim.</summary>
    public bool Released(long bytes, bool idle)
    {
        if (bytes >= LargeLease)
        {
            _largeReleased += bytes;
        }

        var now = Environment.TickCount64;
        if (!idle || _largeReleased < Threshold || now - _lastReclaim < MinimumInterval.TotalMilliseconds)
        {
            return false;
        }

        _largeReleased = 0;
        _lastReclaim = now;
        return true;
    }

    /// <summary>Collects on a pool thread so the request that released the bytes is not held up.</summary>
    public static void Run() =>
        ThreadPool.QueueUserWorkItem(static _ =>
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        });
}
