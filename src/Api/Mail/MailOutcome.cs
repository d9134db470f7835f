namespace TlsRptPlatform.Api.Mail;

/// <summary>What became of a report e-mail, as an SMTP reply: 250 only when every report in it is durable.</summary>
public sealed record MailOutcome(bool Stored, int Code, string EnhancedCode, string Text)
{
    /// <summary>Why the message was not stored, as a problem type slug (<c>policy-domain-mismatch</c> …); null when it was.</summary>
    public string? Reason { get; init; }

    /// <summary>Reports of the message archived for the first time (also when a later one was refused).</summary>
    public int Accepted { get; init; }

    /// <summary>Reports of the message that were already archived.</summary>
    public int Duplicates { get; init; }
}
