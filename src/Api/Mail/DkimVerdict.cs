using MimeKit;
using MimeKit.Cryptography;

namespace TlsRptPlatform.Api.Mail;

/// <summary>
/// Verifies every DKIM signature of a report mail and sums them up as <c>pass:&lt;d&gt;</c> (a signature verified; its
/// signing domain), <c>fail:&lt;d&gt;</c> (signatures present, none verified) or <c>none</c> (unsigned).
/// </summary>
public sealed class DkimVerdict(DkimPublicKeys keys)
{
    public const string None = "none";
    private const int MaxSignatures = 5;

    public static bool Passed(string? verdict) => verdict?.StartsWith("pass:", StringComparison.Ordinal) == true;

    public async Task<string> VerifyAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var signatures = message.Headers.Where(h => h.Id == HeaderId.DkimSignature).Take(MaxSignatures).ToList();
        if (signatures.Count == 0)
        {
            return None;
        }

        var verifier = new DkimVerifier(keys);
        string? failedDomain = null;
        foreach (var signature in signatures)
        {
            var domain = SigningDomain(signature.Value);
            try
            {
                if (await verifier.VerifyAsync(message, signature, cancellationToken))
                {
                    return $"pass:{domain}";
                }
            }
            catch (Exception ex) when (ex is FormatException or ParseException or NotSupportedException or InvalidOperationException)
            {
                // A malformed signature or an unusable key is a failed signature, not a failed delivery.
            }

            failedDomain ??= domain;
        }

        return $"fail:{failedDomain}";
    }

    private static string SigningDomain(string signature)
    {
        foreach (var tag in signature.Split(';'))
        {
            var pair = tag.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length == 2 && pair[0] == "d")
            {
                return pair[1].ToLowerInvariant();
            }
        }

        return "unknown";
    }
}
