namespace TlsRptPlatform.Protocol.Reports;

/// <summary>
/// The one place that says what a result type means and how to fix it (STYLE 11): served by <c>GET /v1/result-types</c>
/// to the dashboard, and used by the digest and alerts, so the explanation cannot differ between them.
/// </summary>
public static class ResultTypes
{
    /// <summary>RFC 8460 §4.3 (negotiation failures, policy failures, general failures), in the RFC's order.</summary>
    public static IReadOnlyList<ResultTypeMeaning> All { get; } =
    [
        new("starttls-not-supported", "The receiving MX did not offer STARTTLS, so mail went unencrypted or was not delivered.", "Enable STARTTLS on every MX host.", true),
        new("certificate-host-mismatch", "The MX certificate does not name the MX host.", "Install a certificate whose names include the MX host name.", true),
        new("certificate-expired", "The MX certificate has expired.", "Renew the certificate and automate renewal.", true),
        new("certificate-not-trusted", "The MX certificate is not signed by a CA the sender trusts.", "Use a certificate from a public CA, with the full chain.", true),
        new("validation-failure", "The sender could not validate the certificate for another reason.", "Check the chain and key usage with an SMTP TLS checker.", true),
        new("tlsa-invalid", "The DANE TLSA record does not match the MX certificate.", "Publish TLSA records for the current key before rotating it.", true),
        new("dnssec-invalid", "The DNSSEC signatures for the MX or TLSA records did not validate.", "Fix the zone's DNSSEC signing.", true),
        new("dane-required", "DANE was required but no usable TLSA record was found.", "Publish TLSA records at _25._tcp.<mx> under DNSSEC.", true),
        new("sts-policy-fetch-error", "The sender could not fetch the MTA-STS policy file.", "Serve https://mta-sts.<domain>/.well-known/mta-sts.txt with a valid certificate.", true),
        new("sts-policy-invalid", "The MTA-STS policy file is invalid.", "Fix the policy file's syntax (version, mode, mx, max_age).", true),
        new("sts-webpki-invalid", "The MTA-STS policy host's certificate is not valid.", "Install a publicly trusted certificate on mta-sts.<domain>.", true),
    ];

    private static readonly Dictionary<string, ResultTypeMeaning> ByName = All.ToDictionary(m => m.ResultType, StringComparer.OrdinalIgnoreCase);

    /// <summary>The meaning of a result type; null for one the RFC does not define (senders invent their own).</summary>
    public static ResultTypeMeaning? Find(string resultType) => ByName.GetValueOrDefault(resultType);
}
