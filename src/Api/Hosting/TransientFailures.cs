using System.Data.Common;
using System.Net.Sockets;

namespace TlsRptPlatform.Api.Hosting;

/// <summary>
/// Failures that say "not now" rather than "never": the store or a silo cannot be reached, or did not answer in time.
/// A request that meets one is answered 503 with <c>Retry-After</c> (or 451 over SMTP), never 500, so a sender retries.
/// </summary>
public static class TransientFailures
{
    private const int MaxDepth = 16;

    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var seen = 0;
        for (var e = exception; e is not null && seen < MaxDepth; e = e.InnerException, seen++)
        {
            if (e is DbException or SocketException or TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                return true;
            }

            // Its InnerException is only the first of several: all of them must say "not now".
            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return aggregate.InnerExceptions.All(IsTransient);
            }
        }

        return false;
    }
}
