namespace TlsRptPlatform.Storage.Alerts;

/// <summary>Wakes this process's alert dispatcher when an alert was just queued here, instead of at its next poll.</summary>
public sealed class AlertOutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another caller already woke it.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
