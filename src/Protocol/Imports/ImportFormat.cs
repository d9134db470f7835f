namespace TlsRptPlatform.Protocol.Imports;

/// <summary>What an uploaded archive is; the wire names are the lower-case member names.</summary>
public enum ImportFormat
{
    /// <summary>A Unix mailbox (mboxo/mboxrd): report e-mails one after another, each starting with a <c>From </c> line.</summary>
    Mbox,

    /// <summary>A zip of <c>.json</c>, <c>.json.gz</c>/<c>.gz</c> reports and <c>.eml</c> report e-mails, in any folders.</summary>
    Zip,

    /// <summary>One report, JSON or gzip-compressed JSON.</summary>
    Report,

    /// <summary>One report e-mail (RFC 5322 message).</summary>
    Eml,
}
