using Npgsql;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Grains;

/// <summary>Our SQL for Orleans' ADO.NET reminder contract, on the two-silo PostgreSQL test cluster.</summary>
public class ReminderTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_reminder_is_stored_fires_and_is_removed()
    {
        // A long key: the grain id column is wider than upstream's 150 characters (orleans#9653).
        var key = new string('d', 200) + ".example";
        var grain = fixture.Grains.GetGrain<IReminderProbeGrain>(key);

        await grain.StartAsync(TimeSpan.FromSeconds(1));
        var stored = await CountRowsAsync(key);
        var names = await grain.NamesAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!ReminderProbeGrain.Ticks.ContainsKey(key) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        await grain.StopAsync();

        Assert.Equal(1, stored);
        Assert.Equal([ReminderProbeGrain.ReminderName], names);
        Assert.True(ReminderProbeGrain.Ticks.ContainsKey(key), "the reminder did not fire within 30 s");
        Assert.Equal(0, await CountRowsAsync(key));
    }

    private async Task<long> CountRowsAsync(string key)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%' || @k", connection);
        command.Parameters.AddWithValue("k", key);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
