using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using TlsRptPlatform.Storage.ApiKeys;

namespace TlsRptPlatform.Api.Keys;

/// <summary>
/// Keeps each key's <c>lastUsedAt</c> current to within <see cref="Resolution"/> without a database write per request:
/// a process writes a key's use at most once per <see cref="Resolution"/>. Several processes may each write once.
/// </summary>
public sealed partial class ApiKeyUsage(ApiKeyStore keys, TimeProvider time, ILogger<ApiKeyUsage> logger)
{
    public static readonly TimeSpan Resolution = TimeSpan.FromMinutes(1);

    /// <summary>Bounds the memory a process spends on this; past it the table starts afresh (at worst a few extra writes).</summary>
    private const int MaxTrackedKeys = 100_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastWritten = new(StringComparer.Ordinal);

    public async Task RecordAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_lastWritten.TryGetValue(keyId, out var written) && now - written < Resolution)
        {
            return;
        }

        if (_lastWritten.Count >= MaxTrackedKeys)
        {
            _lastWritten.Clear();
        }

        _lastWritten[keyId] = now;
        try
        {
            await keys.TouchAsync(keyId, now, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or TimeoutException)
        {
            // A last-used time is bookkeeping: a store hiccup must not refuse the request it belongs to.
            LogTouchFailed(logger, ex, keyId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the use of API key {KeyId}")]
    private static partial void LogTouchFailed(ILogger logger, Exception exception, string keyId);
}
