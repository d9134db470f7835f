namespace TlsRptPlatform.Storage.Alerts;

/// <summary>
/// An alert about to fire. <see cref="DedupKey"/> names what it is about (a day, a result type …): a rule fires once
/// per key. <see cref="Details"/> is a JSON object.
/// </summary>
public sealed record NewAlert(
    string TenantId,
    string? RuleId,
    string? Domain,
    string Kind,
    DateTimeOffset OccurredAt,
    string Summary,
    string Details,
    string? DedupKey,
    IReadOnlyList<string> Channels);
