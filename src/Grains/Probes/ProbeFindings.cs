namespace TlsRptPlatform.Grains.Probes;

/// <summary>The finding codes the MX probe raises; a DNS check keeps them, a new probe replaces them.</summary>
public static class ProbeFindings
{
    public const string Unreachable = "mx-unreachable";
    public const string StartTlsMissing = "mx-starttls-missing";
    public const string HandshakeFailed = "mx-tls-handshake-failed";
    public const string Expired = "mx-certificate-expired";
    public const string ExpiresSoon = "mx-certificate-expires-soon";
    public const string Untrusted = "mx-certificate-untrusted";
    public const string NameMismatch = "mx-certificate-name-mismatch";
    public const string NotInMtaStsPolicy = "mx-not-in-mtasts-policy";
    public const string TlsaMismatch = "mx-tlsa-mismatch";
    public const string TlsVersionObsolete = "mx-tls-version-obsolete";

    public static readonly IReadOnlySet<string> Codes = new HashSet<string>(StringComparer.Ordinal)
    {
        Unreachable, StartTlsMissing, HandshakeFailed, Expired, ExpiresSoon, Untrusted, NameMismatch, NotInMtaStsPolicy, TlsaMismatch, TlsVersionObsolete,
    };

    /// <summary>Days before expiry at which a certificate is a warning, and an error.</summary>
    public const int ExpiryWarningDays = 30;
    public const int ExpiryErrorDays = 7;
}
