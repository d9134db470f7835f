using TlsRptPlatform.Grains.Probes;

namespace TlsRptPlatform.Platform.Tests.Probes;

public class KeyedGateTests
{
    [Fact]
    public async Task One_holder_per_key_others_go_on_and_nothing_is_left_behind()
    {
        var gate = new KeyedGate();
        var first = await gate.EnterAsync("192.0.2.1", CancellationToken.None);
        var second = gate.EnterAsync("192.0.2.1", CancellationToken.None);
        using var other = await gate.EnterAsync("192.0.2.2", CancellationToken.None);

        Assert.False(second.IsCompleted);
        first.Dispose();
        using (await second)
        {
            Assert.Equal(2, gate.Count);
        }

        other.Dispose();
        Assert.Equal(0, gate.Count);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_no_entry()
    {
        var gate = new KeyedGate();
        using var cancel = new CancellationTokenSource();
        var held = await gate.EnterAsync("k", CancellationToken.None);
        var waiting = gate.EnterAsync("k", cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();

        Assert.Equal(0, gate.Count);
    }
}
