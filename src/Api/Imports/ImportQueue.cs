using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace TlsRptPlatform.Api.Imports;

/// <summary>The jobs this process holds, in arrival order, at most <see cref="ImportOptions.MaxQueuedJobs"/> of them.</summary>
public sealed class ImportQueue(IOptions<ImportOptions> options)
{
    private readonly Channel<ImportJob> _waiting = Channel.CreateUnbounded<ImportJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, ImportJob> _held = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();

    /// <summary>Every job this process holds, waiting or running: their heartbeats say they are alive.</summary>
    public IReadOnlyCollection<ImportJob> Held => _held.Values.ToList();

    public ChannelReader<ImportJob> Waiting => _waiting.Reader;

    public bool IsFull => _held.Count >= options.Value.MaxQueuedJobs;

    /// <summary>Takes a job if there is room; false when the process already holds as many as it may.</summary>
    public bool TryAdd(ImportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_admission)
        {
            if (IsFull)
            {
                return false;
            }

            _held[job.Id] = job;
        }

        return _waiting.Writer.TryWrite(job);
    }

    /// <summary>Called when a job has finished, whichever way: it no longer counts and no longer beats.</summary>
    public void Release(ImportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _held.TryRemove(job.Id, out _);
    }
}
