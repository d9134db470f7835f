using MimeKit;
using MimeKit.Cryptography;
using TlsRptPlatform.Abstractions.Reports;

namespace TlsRptPlatform.Api.Mail;

/// <summary>Verifies every DKIM signature of a report mail and sums them up as one of <see cref="DkimVerdicts"/>.</summary>
public sealed class DkimVerdict(DkimPublicKeys keys)
{
    private const int MaxSignatures = 5;

    public async Task<string> VerifyAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var signatures = message.Headers.Where(h => h.Id == HeaderId.DkimSignature).Take(MaxSignatures).ToList();
        if (signatures.Count == 0)
        {
            return DkimVerdicts.None;
        }

        var verifier = new DkimVerifier(keys);
        string? failedDomain = null;
        string? unverifiedDomain = null;
        foreach (var signature in signatures)
        {
            var domain = SigningDomain(signature.Value);
            try
            {
                if (await verifier.VerifyAsync(message, signature, cancellationToken))
                {
                    return DkimVerdicts.Pass(domain);
                }
            }
            catch (DkimKeyUnavailableException)
            {
                unverifiedDomain ??= domain;
                continue;
            }
            catch (Exception ex) when (ex is FormatException or ParseException or NotSupportedException or InvalidOperationException)
            {
                // A malformed signature or an unusable key is a failed signature, not a failed delivery.
            }

            failedDomain ??= domain;
        }

        // A signature that could not be checked might have passed: "unknown" outranks "failed".
        return unverifiedDomain is not null ? DkimVerdicts.TempError(unverifiedDomain) : DkimVerdicts.Fail(failedDomain ?? "unknown");
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
