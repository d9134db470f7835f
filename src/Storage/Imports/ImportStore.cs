using System.Data.Common;
using System.Text.Json;
using TlsRptPlatform.Protocol.Text;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Imports;

/// <summary>
/// Import jobs and their outcome. A job is written only by the process that holds its upload; a queued or running
/// job whose heartbeat is older than <see cref="StaleAfter"/> is read as <see cref="ImportStatus.Interrupted"/>.
/// </summary>
public sealed class ImportStore(PlatformDatabase database, TimeProvider time)
{
    /// <summary>Finished jobs kept per tenant; older ones are dropped when a new one is created.</summary>
    public const int KeptPerTenant = 100;

    public const int MaxFileNameLength = 200;
    public const int MaxErrorLength = 1_000;

    /// <summary>Workers beat every <c>ImportWorker.HeartbeatInterval</c> (15 s); four missed beats mean the process is gone.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    private const string Columns =
        "id, tenant_id, domain, file_name, format, status, bytes, processed_bytes, accepted, duplicates, refused, refusals, error, created_at, started_at, finished_at, heartbeat_at";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task CreateAsync(ImportRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.Command(
                $"""
                INSERT INTO imports ({Columns})
                VALUES (@id, @t, @d, @name, @format, @status, @bytes, 0, 0, 0, 0, '[]', NULL, @at, NULL, NULL, @at)
                """,
                transaction)
            .With("id", job.Id).With("t", job.TenantId).With("d", job.Domain).With("name", Excerpt.Of(job.FileName, MaxFileNameLength))
            .With("format", job.Format).With("status", Name(job.Status)).With("bytes", job.Bytes).With("at", job.CreatedAt.ToUnixTimeMilliseconds())
            .NonQueryAsync(cancellationToken);
        await connection.Command(
                """
                DELETE FROM imports WHERE tenant_id = @t AND finished_at IS NOT NULL AND id NOT IN (
                    SELECT id FROM (SELECT id FROM imports WHERE tenant_id = @t ORDER BY created_at DESC LIMIT @kept) AS newest)
                """,
                transaction)
            .With("t", job.TenantId).With("kept", KeptPerTenant)
            .NonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Forgets a job that never got a place in the queue.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command("DELETE FROM imports WHERE id = @id").With("id", id).NonQueryAsync(cancellationToken);
    }

    /// <summary>Records progress; the first call marks the job running.</summary>
    public Task ProgressAsync(string id, ImportProgress progress, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, ImportStatus.Running, progress, error: null, finished: false, cancellationToken);

    public Task FinishAsync(string id, ImportStatus status, ImportProgress progress, string? error, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, status, progress, error, finished: true, cancellationToken);

    private async Task UpdateAsync(string id, ImportStatus status, ImportProgress progress, string? error, bool finished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.Command(
                """
                UPDATE imports SET status = @status, processed_bytes = @p, accepted = @a, duplicates = @dup, refused = @r, refusals = @refusals,
                    error = @error, started_at = COALESCE(started_at, @now), finished_at = @finished, heartbeat_at = @now
                WHERE id = @id
                """)
            .With("id", id).With("status", Name(status)).With("p", progress.ProcessedBytes).With("a", progress.Accepted)
            .With("dup", progress.Duplicates).With("r", progress.Refused).With("refusals", JsonSerializer.Serialize(progress.Refusals, Json))
            .With("error", Excerpt.Of(error, MaxErrorLength)).With("now", now).With("finished", finished ? now : null)
            .NonQueryAsync(cancellationToken);
    }

    /// <summary>Tells readers that the jobs a process holds are still alive.</summary>
    public async Task HeartbeatAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var id in ids)
        {
            await connection.Command("UPDATE imports SET heartbeat_at = @now WHERE id = @id AND finished_at IS NULL")
                .With("id", id).With("now", now).NonQueryAsync(cancellationToken);
        }
    }

    public async Task<ImportRecord?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {Columns} FROM imports WHERE id = @id").With("id", id).FirstOrDefaultAsync(Read, cancellationToken);
    }

    /// <summary>A domain's jobs of one tenant, newest first.</summary>
    public async Task<IReadOnlyList<ImportRecord>> ListAsync(string tenantId, string domain, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command($"SELECT {Columns} FROM imports WHERE tenant_id = @t AND domain = @d ORDER BY created_at DESC LIMIT @limit")
            .With("t", tenantId).With("d", domain).With("limit", limit).ListAsync(Read, cancellationToken);
    }

    /// <summary>The tenant's jobs that are queued or running and still alive.</summary>
    public async Task<int> CountActiveAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var count = await connection.Command("SELECT COUNT(*) FROM imports WHERE tenant_id = @t AND finished_at IS NULL AND heartbeat_at >= @fresh")
            .With("t", tenantId).With("fresh", (time.GetUtcNow() - StaleAfter).ToUnixTimeMilliseconds())
            .ScalarAsync(cancellationToken);
        return Convert.ToInt32(count, System.Globalization.CultureInfo.InvariantCulture);
    }

    private ImportRecord Read(DbDataReader r)
    {
        var status = Enum.Parse<ImportStatus>(r.GetString(5), ignoreCase: true);
        var heartbeat = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(16));
        if (status is ImportStatus.Queued or ImportStatus.Running && heartbeat < time.GetUtcNow() - StaleAfter)
        {
            status = ImportStatus.Interrupted;
        }

        var refusals = JsonSerializer.Deserialize<List<ImportRefusal>>(r.GetString(11), Json) ?? [];
        return new ImportRecord(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), status, r.GetInt64(6),
            new ImportProgress(r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), refusals),
            r.GetNullableString(12), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(13)), Time(r, 14), Time(r, 15), heartbeat);
    }

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static string Name(ImportStatus status) => status.ToString().ToLowerInvariant();
}
