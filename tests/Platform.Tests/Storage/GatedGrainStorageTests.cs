using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using TlsRptPlatform.Grains.Domains;
using TlsRptPlatform.Grains.Hosting;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Platform.Tests.Storage;

/// <summary>
/// On the embedded store Orleans' grain-state writes take their turn in the platform's one queue of SQLite writers:
/// outside it they met the archive's group commit at SQLite's write lock and stalled it for seconds.
/// </summary>
public sealed class GatedGrainStorageTests(SqlitePlatform platform) : IClassFixture<SqlitePlatform>
{
    [Fact]
    public async Task A_grain_state_write_waits_for_the_writer_queue_and_then_lands()
    {
        var storage = platform.Services.GetRequiredKeyedService<IGrainStorage>(PlatformStorage.Name);
        var database = platform.Services.GetRequiredService<PlatformDatabase>();
        var id = GrainId.Create("gated", Guid.NewGuid().ToString("N") + ".example");
        var state = new GrainState<DomainState>(new DomainState());
        state.State!.Claims["t_gated"] = "token";

        Task write;
        using (await database.EnterWriteAsync())
        {
            write = storage.WriteStateAsync("gated-test", id, state);
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            Assert.False(write.IsCompleted, "the write ran while another writer held the queue");
        }

        await write.WaitAsync(TimeSpan.FromSeconds(30));
        var read = new GrainState<DomainState>();
        await storage.ReadStateAsync("gated-test", id, read);
        Assert.Equal("token", Assert.Single(read.State!.Claims).Value);
    }
}
