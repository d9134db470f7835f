using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Api.Mail;

/// <summary>DKIM public keys (<c>&lt;selector&gt;._domainkey.&lt;domain&gt;</c> TXT) through the platform's resolvers.</summary>
public sealed class DkimPublicKeys(PolicyDns dns) : DkimPublicKeyLocatorBase
{
    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        var name = $"{selector}._domainkey.{domain}";
        var answer = await dns.TxtAsync(name, cancellationToken);
        if (answer.Outcome == DnsOutcome.Failed)
        {
            throw new DkimKeyUnavailableException($"The DKIM key at {name} could not be looked up ({answer.Error ?? "no answer"}).");
        }

        var record = answer.Records.Select(strings => string.Concat(strings)).FirstOrDefault(t => t.Contains("p=", StringComparison.Ordinal))
            ?? throw new ParseException($"No DKIM key at {name} ({answer.Error ?? answer.Outcome.ToString()}).", 0, 0);
        return GetPublicKey(record);
    }
}
