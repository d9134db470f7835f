using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using TlsRptPlatform.Storage.Alerts;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>
/// Encrypts what must be read back and so cannot be hashed (TOTP seeds) with AES-256-GCM. The key is
/// <c>Accounts:SecretKey</c> (base64, 32 bytes; keep it in a secret store, apart from the database), or — when that is
/// not set — one generated once and kept in the database, so every process of a cluster has the same. The stored form
/// is <c>v1.</c> + base64(nonce | tag | ciphertext).
/// </summary>
public sealed class SecretBox(AlertStore keys, IConfiguration configuration)
{
    private const string Version = "v1.";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _key;

    public async Task<string> SealAsync(string plaintext, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(cancellationToken);
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[AesGcm.NonceByteSizes.MaxSize + AesGcm.TagByteSizes.MaxSize + clear.Length];
        var nonce = sealedBytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, AesGcm.TagByteSizes.MaxSize);
        aes.Encrypt(nonce, clear, sealedBytes.AsSpan(nonce.Length + AesGcm.TagByteSizes.MaxSize), sealedBytes.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize));
        return Version + Convert.ToBase64String(sealedBytes);
    }

    /// <exception cref="CryptographicException">The value was not sealed with this key (or was altered).</exception>
    public async Task<string> OpenAsync(string sealedText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sealedText);
        if (!sealedText.StartsWith(Version, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown sealed-secret format.");
        }

        var key = await KeyAsync(cancellationToken);
        var bytes = Convert.FromBase64String(sealedText[Version.Length..]);
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        var clear = new byte[bytes.Length - nonceSize - tagSize];
        using var aes = new AesGcm(key, tagSize);
        aes.Decrypt(bytes.AsSpan(0, nonceSize), bytes.AsSpan(nonceSize + tagSize), bytes.AsSpan(nonceSize, tagSize), clear);
        return Encoding.UTF8.GetString(clear);
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
            var configured = configuration["Accounts:SecretKey"];
            var encoded = string.IsNullOrEmpty(configured)
                ? await keys.GetOrCreateKeyAsync("account-secrets", () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), cancellationToken)
                : configured;
            var key = Convert.FromBase64String(encoded);
            if (key.Length != 32)
            {
                throw new InvalidOperationException("Accounts:SecretKey must be base64 of exactly 32 random bytes.");
            }

            return _key = key;
        }
        finally
        {
            _gate.Release();
        }
    }
}
