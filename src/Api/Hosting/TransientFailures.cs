using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace TlsRptPlatform.Api.Hosting;

/// <summary>
/// Failures that say "not now" rather than "never": the store or a silo cannot be reached, or did not answer in time.
/// A request that meets one is answered 503 with <c>Retry-After</c> (or 451 over SMTP), never 500, so a sender retries.
/// </summary>
public static class TransientFailures
{
    private const int MaxDepth = 16;
    private const int SqliteFull = 13;
    private const string PostgresDiskFull = "53100";
    private const int UnixNoSpace = 28;
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var seen = 0;
        for (var e = exception; e is not null && seen < MaxDepth; e = e.InnerException, seen++)
        {
            if (IsOutOfSpace(e))
            {
                return true;
            }

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

    /// <summary>
    /// The disk under the store (or the import spool) is full: SQLite's SQLITE_FULL, PostgreSQL's <c>disk_full</c>
    /// (53100), or ENOSPC from the file system. Also "not now": nothing was written, and freeing space ends it.
    /// </summary>
    public static bool IsStorageFull(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var seen = 0;
        for (var e = exception; e is not null && seen < MaxDepth; e = e.InnerException, seen++)
        {
            if (IsOutOfSpace(e))
            {
                return true;
            }

            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                return aggregate.InnerExceptions.Any(IsStorageFull);
            }
        }

        return false;
    }

    private static bool IsOutOfSpace(Exception e) =>
        e is SqliteException { SqliteErrorCode: SqliteFull }
        || (e is DbException database && database.SqlState == PostgresDiskFull)
        || e is IOException { HResult: UnixNoSpace or WindowsDiskFull };
}
