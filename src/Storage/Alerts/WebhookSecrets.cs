using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace TlsRptPlatform.Storage.Alerts;

/// <summary>
/// Webhook secrets are never stored: each is HMAC-SHA256(signing key, channel id), derived again when it is needed.
/// The signing key is <c>Alerts:SecretKey</c> (base64, at least 32 bytes; keep it in a secret store), or — when that
/// is not set — one generated once and kept in the database, so that every process of a cluster derives the same.
/// </summary>
public sealed class WebhookSecrets(AlertStore store, IConfiguration configuration)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public async Task<string> ForChannelAsync(string channelId, CancellationToken cancellationToken = default)
    {
        var key = await KeyAsync(cancellationToken);
        return "whsec_" + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("webhook:" + channelId)));
    }

    private async Task<byte[]> KeyAsync(CancellationToken cancellationToken)
    {
        if (_key is not null)
        {
            return _key;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var configured = configuration["Alerts:SecretKey"];
            var encoded = string.IsNullOrEmpty(configured)
                ? await store.GetOrCreateKeyAsync("webhook-signing", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken)
                : configured;
            var key = Convert.FromBase64String(encoded);
            if (key.Length < 32)
            {
                throw new InvalidOperationException("Alerts:SecretKey must be base64 of at least 32 random bytes.");
            }

            return _key = key;
        }
        finally
        {
            _gate.Release();
        }
    }
}
