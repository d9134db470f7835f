namespace TlsRptPlatform.Api.Mail;

/// <summary>What became of a report e-mail, as an SMTP reply: 250 only when every report in it is durable.</summary>
public sealed record MailOutcome(bool Stored, int Code, string EnhancedCode, string Text);
