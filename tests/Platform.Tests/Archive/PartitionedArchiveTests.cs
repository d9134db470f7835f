using System.Data.Common;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Storage.Database;
using TlsRptPlatform.Storage.Reports;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Archive;

/// <summary>
/// Issue 17 on a real PostgreSQL: the report archive partitioned by month. A database filled before the partitioning
/// migration keeps every report in its month, a resent report is still a duplicate, retention drops whole months, and
/// rows that reached the default partition move into their month when it is created.
/// </summary>
public sealed class PartitionedArchiveTests : IAsyncLifetime
{
    private const int LastVersionBeforePartitioning = 29;
    private const string Domain = "partitioned.example";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private PlatformDatabase _database = null!;
    private ArchiveBatcher _batcher = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await PostgresServer.Instance.CreateDatabaseAsync();
        _database = new PlatformDatabase(Options.Create(new StorageOptions { PostgresConnectionString = connectionString }));
        _batcher = new ArchiveBatcher(_database, Options.Create(new GroupCommitOptions()), _services.GetRequiredService<IMeterFactory>(), NullLogger<ArchiveBatcher>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _batcher.DisposeAsync();
        await _database.DisposeAsync();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task A_filled_archive_is_partitioned_by_month_and_retention_drops_whole_months()
    {
        var migrator = new SchemaMigrator(_database, NullLogger<SchemaMigrator>.Instance);
        await migrator.MigrateToAsync(LastVersionBeforePartitioning);
        var (old, older, recent) = (Today.AddDays(-70), Today.AddDays(-40), Today.AddDays(-5));
        var seeded = new Dictionary<DateOnly, long>();
        foreach (var day in new[] { old, older, recent })
        {
            seeded[day] = await SeedAsync($"seed-{day:yyyyMMdd}", day);
        }

        await migrator.MigrateAsync();

        // Every row in the partition of its month, none in the default one, and new ids continue after the old ones.
        var placed = await QueryAsync("SELECT report_id, tableoid::regclass::text FROM reports ORDER BY day", r => (r.GetString(0), r.GetString(1)));
        Assert.Equal([.. new[] { old, older, recent }.Select(d => ($"seed-{d:yyyyMMdd}", Partition(d)))], placed);
        var store = new ReportStore(_database, _batcher);
        var again = await store.ArchiveAsync(Report($"seed-{old:yyyyMMdd}", old), Contribution(old));
        Assert.Equal((seeded[old], true), (again.Id, again.Duplicate));
        var fresh = await store.ArchiveAsync(Report("fresh", Today), Contribution(Today));
        Assert.False(fresh.Duplicate);
        var (freshPartition, freshPk, maxSeededPk) = (await QueryAsync(
            "SELECT tableoid::regclass::text, id, (SELECT MAX(id) FROM reports WHERE report_id LIKE 'seed-%') FROM reports WHERE report_id = 'fresh'",
            r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2)))).Single();
        Assert.Equal(Partition(Today), freshPartition);
        Assert.True(freshPk > maxSeededPk, $"id {freshPk} after {maxSeededPk}");
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM daily_totals WHERE domain = 'partitioned.example' AND day = " + Today.DayNumber));

        // Retention 30 days back: months that end before the cutoff are dropped as tables, the rest deleted by row.
        var cutoff = Today.AddDays(-30);
        var removed = await store.PruneBeforeAsync(cutoff);
        Assert.Equal(2, removed);
        Assert.Equal(["fresh", $"seed-{recent:yyyyMMdd}"], (await QueryAsync("SELECT report_id FROM reports ORDER BY report_id", r => r.GetString(0))).ToArray());
        var oldMonthEnds = new DateOnly(old.Year, old.Month, 1).AddMonths(1);
        Assert.Equal(oldMonthEnds <= cutoff ? 0 : 1, await CountAsync($"SELECT COUNT(*) FROM pg_class WHERE relname = '{Partition(old)}'"));
    }

    [Fact]
    public async Task Rows_that_reached_the_default_partition_move_into_their_month_when_it_is_created()
    {
        await new SchemaMigrator(_database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var ahead = new DateOnly(Today.Year, Today.Month, 1).AddMonths(4).AddDays(3);
        await SeedAsync("far-ahead", ahead);
        Assert.Equal("reports_default", (await QueryAsync("SELECT tableoid::regclass::text FROM reports WHERE report_id = 'far-ahead'", r => r.GetString(0))).Single());

        var created = await new ReportPartitions(_database).EnsureAsync(Today, ahead);

        Assert.True(created >= 3, $"{created} partitions created");
        Assert.Equal(Partition(ahead), (await QueryAsync("SELECT tableoid::regclass::text FROM reports WHERE report_id = 'far-ahead'", r => r.GetString(0))).Single());
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM reports_default"));
        Assert.Equal(0, await new ReportPartitions(_database).EnsureAsync(Today, ahead));
        var store = new ReportStore(_database, _batcher);
        Assert.True((await store.ArchiveAsync(Report("far-ahead", ahead), Contribution(ahead))).Duplicate);
    }

    [Fact]
    public async Task The_retention_pass_gives_a_month_of_history_its_partition_only_once_a_report_for_it_arrived()
    {
        await new SchemaMigrator(_database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var (cutoff, history, expired) = (Today.AddYears(-10), Today.AddYears(-3), Today.AddYears(-11));
        await SeedAsync("history", history);
        await SeedAsync("expired", expired);
        var partitions = new ReportPartitions(_database);

        Assert.Equal(1, await partitions.AdoptStrandedAsync(cutoff));

        Assert.Equal(Partition(history), (await QueryAsync("SELECT tableoid::regclass::text FROM reports WHERE report_id = 'history'", r => r.GetString(0))).Single());
        Assert.Equal("reports_default", (await QueryAsync("SELECT tableoid::regclass::text FROM reports WHERE report_id = 'expired'", r => r.GetString(0))).Single());
        Assert.Equal(0, await partitions.AdoptStrandedAsync(cutoff));
        Assert.Equal(0, await CountAsync($"SELECT COUNT(*) FROM pg_class WHERE relname = '{Partition(history.AddMonths(1))}'"));
    }

    [Fact]
    public async Task Creating_a_partition_waits_for_a_change_to_the_whole_archive_instead_of_deadlocking_with_it()
    {
        // A DROP INDEX on the archive (as an operator's migration runs it) locks the parent table, then each partition.
        await new SchemaMigrator(_database, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        var ahead = new DateOnly(Today.Year, Today.Month, 1).AddMonths(6);
        await SeedAsync("stranded", ahead);
        await using var operatorConnection = await _database.OpenAsync();
        await using var change = await operatorConnection.BeginTransactionAsync();
        await ExecuteAsync(operatorConnection, change, "LOCK TABLE ONLY reports IN ACCESS EXCLUSIVE MODE");

        var creating = new ReportPartitions(_database).EnsureAsync(ahead, ahead);
        await Eventually.TrueAsync(
            async () => await CountAsync("SELECT COUNT(*) FROM pg_locks WHERE relation = 'reports'::regclass AND NOT granted") > 0, 10, "the partition's creation waiting");
        await ExecuteAsync(operatorConnection, change, "LOCK TABLE reports_default IN ACCESS EXCLUSIVE MODE");
        await change.CommitAsync();

        Assert.Equal(1, await creating);
        Assert.Equal(Partition(ahead), (await QueryAsync("SELECT tableoid::regclass::text FROM reports WHERE report_id = 'stranded'", r => r.GetString(0))).Single());
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Constant test SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }

    private static string Partition(DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"reports_{day.Year:D4}_{day.Month:D2}");

    /// <summary>A report row as the release before the partitioning wrote it; returns its public id.</summary>
    private async Task<long> SeedAsync(string reportId, DateOnly day)
    {
        var publicId = Random.Shared.NextInt64(1, long.MaxValue);
        await using var connection = await _database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reports (domain, organization, report_id, public_id, day, start_at, end_at, received_at, channel, submitter, dkim,
                                 successful, failed, deviations, ingest_nonce, raw)
            VALUES ('partitioned.example', 'Seeder', @r, @p, @day, 0, 0, 0, 'https', NULL, NULL, 5, 1, '', 'seeded', @raw)
            """;
        Add(command, "r", reportId);
        Add(command, "p", publicId);
        Add(command, "day", day.DayNumber);
        Add(command, "raw", new byte[] { 0 });
        await command.ExecuteNonQueryAsync();
        return publicId;
    }

    private static StoredReport Report(string reportId, DateOnly day) => ArchiveSamples.Report(Domain, "Seeder", reportId, day);

    private static ReportContribution Contribution(DateOnly day) => ArchiveSamples.Contribution(day);

    private async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read)
    {
        await using var connection = await _database.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant test SQL.
        command.CommandText = sql;
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
        {
            list.Add(read(reader));
        }

        return list;
    }

    private async Task<long> CountAsync(string sql) => (await QueryAsync(sql, r => r.GetInt64(0))).Single();

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
