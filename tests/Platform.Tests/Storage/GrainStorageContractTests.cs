using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Grains.Domains;
using TlsRptPlatform.Grains.Hosting;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Platform.Tests.Storage;

/// <summary>
/// Our SQL for Orleans' ADO.NET query contract (the packages ship none): versions advance, stale writers get
/// InconsistentStateException instead of silently overwriting, and a grain can never have two rows.
/// </summary>
public abstract class GrainStorageContractTests<TFixture>(TFixture platform) : IClassFixture<TFixture>
    where TFixture : PlatformFixture
{
    private const string StateName = "contract-test";

    private IGrainStorage Storage => platform.Services.GetRequiredKeyedService<IGrainStorage>(PlatformStorage.Name);

    [Fact]
    public async Task Writes_advance_the_version_and_read_back()
    {
        var id = NewGrain();
        var state = new GrainState<DomainState>(new DomainState());

        await Storage.WriteStateAsync(StateName, id, state);
        var first = state.ETag;
        state.State!.Claims["t_claimant"] = "second";
        await Storage.WriteStateAsync(StateName, id, state);
        var read = new GrainState<DomainState>();
        await Storage.ReadStateAsync(StateName, id, read);

        Assert.Equal("1", first);
        Assert.Equal("2", state.ETag);
        Assert.Equal("2", read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal("second", Assert.Single(read.State!.Claims).Value);
    }

    [Fact]
    public async Task A_stale_writer_gets_an_inconsistent_state_exception()
    {
        var id = NewGrain();
        var current = new GrainState<DomainState>(new DomainState());
        await Storage.WriteStateAsync(StateName, id, current);
        var stale = new GrainState<DomainState>(new DomainState()) { ETag = current.ETag };
        await Storage.WriteStateAsync(StateName, id, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, stale));
        // A second activation that never read the state must not overwrite it either.
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, new GrainState<DomainState>(new DomainState())));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, id, stale));
    }

    [Fact]
    public async Task Clearing_keeps_the_row_and_bumps_the_version()
    {
        var id = NewGrain();
        var state = new GrainState<DomainState>(new DomainState());
        state.State!.Claims["t_claimant"] = "x";
        await Storage.WriteStateAsync(StateName, id, state);

        await Storage.ClearStateAsync(StateName, id, state);
        var read = new GrainState<DomainState>();
        await Storage.ReadStateAsync(StateName, id, read);

        Assert.Empty(read.State!.Claims);
        Assert.Equal("2", read.ETag);
        await Storage.WriteStateAsync(StateName, id, read);
        Assert.Equal("3", read.ETag);
    }

    [Fact]
    public async Task The_storage_table_refuses_a_second_row_for_one_grain()
    {
        var id = NewGrain();
        await Storage.WriteStateAsync(StateName, id, new GrainState<DomainState>(new DomainState()));
        var database = platform.Services.GetRequiredService<PlatformDatabase>();
        await using var connection = await database.OpenAsync();
        await using var copy = connection.CreateCommand();
        copy.CommandText =
            """
            INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
            SELECT GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version
            FROM OrleansStorage WHERE GrainTypeString = 'contract-test'
            """;

        await Assert.ThrowsAnyAsync<DbException>(() => copy.ExecuteNonQueryAsync());
    }

    private static GrainId NewGrain() => GrainId.Create("contract", Guid.NewGuid().ToString("N") + ".example");
}

public sealed class SqliteGrainStorageContractTests(SqlitePlatform platform) : GrainStorageContractTests<SqlitePlatform>(platform);

public sealed class PostgresGrainStorageContractTests(PostgresPlatform platform) : GrainStorageContractTests<PostgresPlatform>(platform);
