namespace TlsRptPlatform.Storage.Alerts;

/// <summary>When to alert about one domain; <see cref="ThresholdPercent"/> and <see cref="MinSessions"/> only for failure-rate.</summary>
/// <param name="DaysBefore">certificate-expiring only: the first warning, this many days before expiry (then at 7 and 1).</param>
public sealed record AlertRuleRecord(
    string Id,
    string TenantId,
    string Domain,
    string Kind,
    double? ThresholdPercent,
    long? MinSessions,
    IReadOnlyList<string> Channels,
    int CooldownMinutes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastFiredAt,
    int? DaysBefore = null);
