using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TlsRptPlatform.Silo.Hosting;

/// <summary>
/// <c>Platform:ShutdownDeadline</c> (40 s): a process still stopping that long after SIGTERM exits anyway. Orleans
/// keeps trying to record "shutting down" and "dead" in the membership table for up to
/// <c>MaxJoinAttemptTime</c> (5 min) each, so with PostgreSQL gone a stop would outlive Kubernetes' grace period
/// (45 s) and end in SIGKILL. Lowering MaxJoinAttemptTime instead would also shorten how long a silo may take to join,
/// which a loaded node needs. Nothing acknowledged depends on the stop: every acknowledged report was committed first.
/// </summary>
internal static partial class ShutdownDeadline
{
    private const int ExitCode = 3;
    private static readonly TimeSpan Default = TimeSpan.FromSeconds(40);

    public static void ExitAfterDeadline(this IHost host, IConfiguration configuration)
    {
        var deadline = configuration.GetValue("Platform:ShutdownDeadline", Default);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ShutdownDeadline));
        var stopped = lifetime.ApplicationStopped;
        lifetime.ApplicationStopping.Register(() => _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(deadline, stopped);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            LogOverrun(logger, deadline.TotalSeconds);
            // The console logger writes from a queue of its own: give it a moment before the process goes.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            Environment.Exit(ExitCode);
        }));
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Still stopping {Seconds} s after the stop signal (the store or the cluster cannot be reached): exiting now without a clean stop (Platform:ShutdownDeadline)")]
    private static partial void LogOverrun(ILogger logger, double seconds);
}
