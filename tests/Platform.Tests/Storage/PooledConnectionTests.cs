using Microsoft.Extensions.Options;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Platform.Tests.Storage;

/// <summary>
/// The platform's PostgreSQL pool hands connections back without resetting them (Npgsql sends seven statements per
/// reset, more than a report's own), unless the operator's connection string says otherwise.
/// </summary>
public sealed class PooledConnectionTests
{
    [Theory]
    [InlineData("", "kept")]
    [InlineData(";No Reset On Close=false", "")]
    [InlineData(";NoResetOnClose=false", "")]
    public async Task A_session_setting_survives_the_pool_only_where_the_operator_did_not_ask_for_resets(string operatorSetting, string expected)
    {
        // One connection in the pool, so the second open gets the first one's session back.
        var connectionString = await PostgresServer.Instance.CreateDatabaseAsync() + ";Maximum Pool Size=1" + operatorSetting;
        await using var database = new PlatformDatabase(Options.Create(new StorageOptions { PostgresConnectionString = connectionString }));
        await using (var first = await database.OpenAsync())
        {
            await using var set = first.CreateCommand();
            set.CommandText = "SET tlsrpt.marker = 'kept'";
            await set.ExecuteNonQueryAsync();
        }

        await using var second = await database.OpenAsync();
        await using var show = second.CreateCommand();
        show.CommandText = "SELECT current_setting('tlsrpt.marker', true)";

        Assert.Equal(expected, await show.ExecuteScalarAsync() as string ?? "");
    }
}
