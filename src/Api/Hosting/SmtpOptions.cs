using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Api.Hosting;

/// <summary>Configuration section <c>Smtp</c>: the report mail domain and the SMTP listener for <c>rua=mailto:</c> reports.</summary>
public sealed class SmtpOptions
{
    /// <summary>The mail domain of <c>ruaMailto</c> addresses: <c>mailto:{reportToken}@{ReportDomain}</c>.</summary>
    public string ReportDomain { get; set; } = "reports.localhost";

    /// <summary><c>Smtp:ListenPort</c>: where the listener accepts mail; <c>0</c> turns it off.</summary>
    [Range(0, 65535)]
    public int ListenPort { get; set; } = 2525;

    /// <summary><c>Smtp:ListenAddress</c>: loopback unless configured (<c>0.0.0.0</c> in a container).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary><c>Smtp:MaxMessageBytes</c>: larger messages are refused with 552 (declared with SIZE, or cut off while sent).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary><c>Smtp:CertificatePath</c>: a PEM (certificate and key, or with <see cref="CertificateKeyPath"/>) or PKCS#12 file; when set, STARTTLS is offered.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificateKeyPath { get; set; }

    /// <summary>Password of a PKCS#12 certificate file.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary><c>Smtp:MaxConnections</c>: sessions at once; more are answered 421.</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 200;

    /// <summary>
    /// <c>Smtp:MaxConnectionsPerAddress</c>: sessions at once from one client address (an IPv6 client counts by its /64);
    /// more are answered 421, so that one host cannot hold every session. A sending MTA rarely opens more than a few.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxConnectionsPerAddress { get; set; } = 10;

    /// <summary>
    /// <c>Smtp:MaxBufferedBytesPerAddress</c>: input all sessions of one client address (IPv6: one /64) may hold
    /// buffered at once; past it the session gets 451 and is closed. Keeps one host trickling large messages from
    /// taking the whole ingestion budget (<c>Ingestion:Limits:MaxInflightDecompressedBytes</c>).
    /// </summary>
    [Range(64 * 1024, long.MaxValue)]
    public long MaxBufferedBytesPerAddress { get; set; } = 32 * 1024 * 1024;

    /// <summary><c>Smtp:MaxRecipients</c>: report addresses per message.</summary>
    [Range(1, 1_000)]
    public int MaxRecipients { get; set; } = 20;

    /// <summary><c>Smtp:CommandTimeout</c>: how long the listener waits for the client's next command.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Smtp:SessionTimeout</c>: the longest a connection may stay open.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
