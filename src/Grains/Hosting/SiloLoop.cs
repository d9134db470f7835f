using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace TlsRptPlatform.Grains.Hosting;

/// <summary>
/// Work every silo does on its own, from the moment it is active until its shutdown begins: each pass claims its work
/// from SQL with a lease, so several silos share it and a silo that dies leaves its share to the others.
/// </summary>
internal abstract partial class SiloLoop(ILogger logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    protected abstract bool Enabled { get; }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.Active, Start, Stop);
    }

    /// <summary>One pass; true when there is probably more to do right away.</summary>
    protected abstract Task<bool> RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Waits until the next pass is due.</summary>
    protected abstract Task WaitAsync(CancellationToken cancellationToken);

    /// <summary>Runs once after the last pass, when shutdown has begun: for work a pass started and did not wait for.</summary>
    protected virtual Task StoppedAsync() => Task.CompletedTask;

    private Task Start(CancellationToken cancellationToken)
    {
        if (Enabled)
        {
            _loop = Task.Run(RunAsync, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync()
    {
        try
        {
            await RunPassesAsync();
        }
        finally
        {
            await StoppedAsync();
        }
    }

    private async Task RunPassesAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await RunOnceAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(logger, ex, GetType().Name);
            }

            if (!more)
            {
                try
                {
                    await WaitAsync(token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Loop} pass failed; trying again at the next one")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string loop);
}
