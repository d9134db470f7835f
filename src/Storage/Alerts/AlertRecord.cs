namespace TlsRptPlatform.Storage.Alerts;

/// <summary>An alert that fired, with the state of its delivery to each channel.</summary>
public sealed record AlertRecord(
    string Id,
    string TenantId,
    string? RuleId,
    string? Domain,
    string Kind,
    DateTimeOffset OccurredAt,
    string Summary,
    string Details,
    IReadOnlyList<AlertDeliveryRecord> Deliveries);
