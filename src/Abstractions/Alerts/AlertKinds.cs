namespace TlsRptPlatform.Abstractions.Alerts;

/// <summary>Rule kinds tenants create, and the kinds the platform raises by itself.</summary>
public static class AlertKinds
{
    public const string FailureRate = "failure-rate";
    public const string NewFailureType = "new-failure-type";
    public const string PolicyBroken = "policy-broken";
    public const string PolicyChanged = "policy-changed";
    public const string ReporterSilent = "reporter-silent";

    /// <summary>An MX certificate the probe saw expires within the rule's <c>daysBefore</c> (again at 7 and 1 days).</summary>
    public const string CertificateExpiring = "certificate-expiring";

    /// <summary>A test sent with <c>POST /v1/alerts/channels/{id}/test</c>.</summary>
    public const string Test = "test";

    /// <summary>Another tenant proved control of the domain through DNS and took it over.</summary>
    public const string DomainTakenOver = "domain-taken-over";

    public static readonly IReadOnlyList<string> RuleKinds = [FailureRate, NewFailureType, PolicyBroken, PolicyChanged, ReporterSilent, CertificateExpiring];
}
