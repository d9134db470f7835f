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

    /// <summary>
    /// The readiness checks of a domain's MTA-STS policy in testing all pass: switching to enforce is safe. A rule of this
    /// kind also raises <see cref="EnforceGuard"/> after a switch.
    /// </summary>
    public const string EnforceReady = "enforce-ready";

    /// <summary>
    /// Raised by an <see cref="EnforceReady"/> rule: within <c>MtaSts:Readiness:GuardDays</c> of a switch to enforce, the
    /// sts failure rate rose above the rule's threshold; the alert suggests going back to testing.
    /// </summary>
    public const string EnforceGuard = "enforce-guard";

    /// <summary>A test sent with <c>POST /v1/alerts/channels/{id}/test</c>.</summary>
    public const string Test = "test";

    /// <summary>Another tenant proved control of the domain through DNS and took it over.</summary>
    public const string DomainTakenOver = "domain-taken-over";

    public static readonly IReadOnlyList<string> RuleKinds = [FailureRate, NewFailureType, PolicyBroken, PolicyChanged, ReporterSilent, CertificateExpiring, EnforceReady];
}
