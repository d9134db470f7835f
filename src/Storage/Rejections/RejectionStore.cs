using TlsRptPlatform.Protocol.Text;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Storage.Rejections;

/// <summary>
/// The per-domain log of refused submissions: the newest <see cref="Kept"/> per domain, each bounded in size.
/// Anonymous senders write here, so both the number of rows and every value in them are capped.
/// </summary>
public sealed class RejectionStore(PlatformDatabase database)
{
    public const int Kept = 100;
    public const int MaxDetailLength = 1_000;
    public const int MaxPathLength = 200;
    public const int MaxSourceLength = 100;

    /// <summary>Appends a refusal and drops what falls off the end of the domain's log.</summary>
    public async Task AddAsync(string domain, StoredRejection rejection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        using var write = await database.EnterWriteAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.Command(
                """
                INSERT INTO rejections (domain, at, kind, path, detail, channel, source, bytes)
                VALUES (@d, @at, @kind, @path, @detail, @channel, @source, @bytes)
                """,
                transaction)
            .With("d", domain).With("at", rejection.At.ToUnixTimeMilliseconds()).With("kind", Excerpt.Of(rejection.Kind, 64))
            .With("path", Excerpt.Of(rejection.Path, MaxPathLength)).With("detail", Excerpt.Of(rejection.Detail, MaxDetailLength))
            .With("channel", Excerpt.Of(rejection.Channel, 16)).With("source", Excerpt.Of(rejection.Source, MaxSourceLength)).With("bytes", rejection.Bytes)
            .NonQueryAsync(cancellationToken);
        await connection.Command(
                """
                DELETE FROM rejections WHERE domain = @d AND id < (
                    SELECT MIN(id) FROM (SELECT id FROM rejections WHERE domain = @d ORDER BY id DESC LIMIT @kept) AS newest)
                """,
                transaction)
            .With("d", domain).With("kept", Kept)
            .NonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The domain's refusals, newest first.</summary>
    public async Task<IReadOnlyList<StoredRejection>> ListAsync(string domain, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.Command(
                "SELECT at, kind, path, detail, channel, source, bytes FROM rejections WHERE domain = @d ORDER BY id DESC LIMIT @kept")
            .With("d", domain).With("kept", Kept)
            .ListAsync(
                r => new StoredRejection(
                    DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetString(1), r.GetString(2), r.GetString(3),
                    r.GetString(4), r.GetNullableString(5), r.GetInt64(6)),
                cancellationToken);
    }
}
