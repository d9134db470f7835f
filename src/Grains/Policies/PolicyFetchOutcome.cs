namespace TlsRptPlatform.Grains.Policies;

public enum PolicyFetchOutcome
{
    /// <summary>Fetched and parsed.</summary>
    Valid,

    /// <summary>Fetched, but the content is not a valid policy.</summary>
    Invalid,

    /// <summary>The policy host has no address, or nothing answers there.</summary>
    Unreachable,

    /// <summary>The certificate is not trusted or not valid for <c>mta-sts.&lt;domain&gt;</c>.</summary>
    BadCertificate,

    /// <summary>Any status but 200, redirects included (§3.3: senders must not follow them).</summary>
    BadStatus,

    /// <summary>Not <c>text/plain</c>.</summary>
    BadContentType,

    /// <summary>Larger than 64 KiB.</summary>
    TooLarge,

    /// <summary>No complete answer within the time-out.</summary>
    Timeout,
}
