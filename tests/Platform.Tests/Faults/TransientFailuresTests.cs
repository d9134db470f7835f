using System.Net.Sockets;
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
}
