namespace TlsRptPlatform.Api.Ingestion;

/// <summary>What one report holds of the <see cref="IngestionBudget"/>; disposing it gives everything back.</summary>
public sealed class IngestionLease(IngestionBudget budget) : IDisposable
{
    private long _held;

    public long Held => _held;

    /// <summary>Adds <paramref name="bytes"/>, waiting briefly for room; throws <see cref="IngestionBusyException"/> if none comes.</summary>
    public async Task GrowAsync(long bytes, CancellationToken cancellationToken)
    {
        await budget.TakeAsync(bytes, cancellationToken);
        _held += bytes;
    }

    /// <summary>Adds <paramref name="bytes"/> only if they are free right now; for growth in the middle of reading or inflating.</summary>
    /// <remarks>Never waits while holding bytes mid-way, so reports cannot hold part of the budget and wait on each other.</remarks>
    public void Grow(long bytes)
    {
        if (!budget.TryTake(bytes))
        {
            throw new IngestionBusyException(TimeSpan.FromSeconds(1));
        }

        _held += bytes;
    }

    /// <summary>Takes (positive, only if free now) or gives back (negative) <paramref name="delta"/> bytes as buffers come and go.</summary>
    public void Adjust(long delta) => Resize(_held + delta);

    /// <summary>Makes the lease hold exactly <paramref name="bytes"/>: gives back what it no longer needs, or takes more only if it is free now.</summary>
    /// <remarks>For buffers that grow and shrink as they are read and consumed, such as an SMTP session's input.</remarks>
    public void Resize(long bytes)
    {
        if (bytes > _held)
        {
            Grow(bytes - _held);
        }
        else if (bytes < _held)
        {
            budget.Give(_held - bytes);
            _held = bytes;
        }
    }

    public void Dispose()
    {
        budget.Give(_held);
        _held = 0;
    }
}
