using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using TlsRptPlatform.Api.Hosting;

namespace TlsRptPlatform.Platform.Tests.Faults;

public class TransientFailuresTests
{
    [Fact]
    public void An_outage_anywhere_in_the_chain_is_transient()
    {
        Assert.True(TransientFailures.IsTransient(new NpgsqlException("Failed to connect to 127.0.0.1:5432")));
        Assert.True(TransientFailures.IsTransient(new InvalidOperationException("grain call failed", new TimeoutException())));
        Assert.True(TransientFailures.IsTransient(new AggregateException(new SocketException(111), new TimeoutException())));
        Assert.True(TransientFailures.IsTransient(new SiloUnavailableException()));
    }

    [Fact]
    public void A_bug_is_not()
    {
        Assert.False(TransientFailures.IsTransient(new InvalidOperationException("state was not what the code expected")));
        Assert.False(TransientFailures.IsTransient(new AggregateException(new TimeoutException(), new NullReferenceException())));
        Assert.False(TransientFailures.IsTransient(new ArgumentException("bad", new FormatException())));
    }

    [Fact]
    public void A_full_disk_is_storage_full_and_transient_wherever_it_was_met()
    {
        Exception[] full =
        [
            new SqliteException("SQLite Error 13: 'database or disk is full'.", 13),
            new InvalidOperationException("grain call failed", new IOException("No space left on device", 28)),
            new PostgresException("could not extend file", "ERROR", "ERROR", "53100"),
        ];
        Assert.All(full, e => Assert.True(TransientFailures.IsStorageFull(e) && TransientFailures.IsTransient(e)));
        Assert.False(TransientFailures.IsStorageFull(new SqliteException("SQLite Error 5: 'database is locked'.", 5)));
        Assert.False(TransientFailures.IsStorageFull(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
        Assert.False(TransientFailures.IsStorageFull(new IOException("Permission denied", 13)));
        Assert.False(TransientFailures.IsTransient(new IOException("Permission denied", 13)));
    }
}
