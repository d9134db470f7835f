namespace TlsRptPlatform.Grains.Probes;

/// <summary>
/// One holder at a time per key (here: a host address), so two domains that share an MX provider never open two probe
/// connections to the same address at once. Entries are removed when their last holder leaves: the map stays as small
/// as the work in flight.
/// </summary>
public sealed class KeyedGate
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries[key] = entry;
            }

            entry.Users++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(key, entry, release: false);
            throw;
        }

        return new Lease(this, key, entry);
    }

    /// <summary>Keys with a holder or a waiter; for tests.</summary>
    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    private void Leave(string key, Entry entry, bool release)
    {
        if (release)
        {
            entry.Semaphore.Release();
        }

        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Lease(KeyedGate gate, string key, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Leave(key, entry, release: true);
            }
        }
    }
}
