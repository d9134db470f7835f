using Microsoft.Extensions.Logging;

namespace TlsRptPlatform.Api.Hosting;

/// <summary>
/// Says loudly, but once every <see cref="Interval"/> rather than once per refused report, that the disk under the store
/// is full: an operator must act, and thousands of identical lines a minute would only fill the log's disk as well.
/// </summary>
public sealed partial class StorageFullAlarm(TimeProvider time, ILogger<StorageFullAlarm> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private long _lastRaised = long.MinValue;
    private long _refusedSince;

    public void Raise(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var refused = Interlocked.Increment(ref _refusedSince);
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastRaised);
        if ((last != long.MinValue && time.GetElapsedTime(last, now) < Interval) || Interlocked.CompareExchange(ref _lastRaised, now, last) != last)
        {
            return;
        }

        Interlocked.Exchange(ref _refusedSince, 0);
        LogFull(logger, Innermost(exception).Message, refused);
    }

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        for (var depth = 0; e.InnerException is not null && depth < 16; depth++)
        {
            e = e.InnerException;
        }

        return e;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The store is out of disk space ({Reason}): reports are refused (HTTPS 503 storage-full, SMTP 451 4.3.1) and nothing is written until space is freed; {Refused} refused since the last such line")]
    private static partial void LogFull(ILogger logger, string reason, long refused);
}
