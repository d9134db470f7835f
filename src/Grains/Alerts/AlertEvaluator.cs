using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Grains.Telemetry;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Storage.Alerts;
using TlsRptPlatform.Storage.Policies;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Grains.Alerts;

/// <summary>
/// Turns what happened to a domain into alerts: a fired alert and its deliveries are written to the outbox in one
/// transaction, and this process's dispatcher is woken to send them. Callers run per domain inside its grain.
/// </summary>
public sealed partial class AlertEvaluator(
    AlertStore alerts, ReportStore reports, AlertOutboxSignal signal, AlertMetrics metrics,
    IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertEvaluator> logger)
{
    private const int NewTypeLookbackDays = 14;

    /// <summary>
    /// The domain's rules, every tenant's, for the domain grain to keep and hand back to the methods below: reading them
    /// per report was one SQL round trip per report. Only fields that change when the rule is created or deleted are
    /// read from them; the ones firing writes (last_fired_at, next_evaluation_at) are not (the cooldown is checked
    /// against the row in <see cref="AlertStore.FireAsync"/>), so firing leaves a kept list correct.
    /// </summary>
    public Task<IReadOnlyList<AlertRuleRecord>> DomainRulesAsync(string domain) => alerts.RulesForDomainAsync(domain);

    /// <summary>After a report was archived: the failure-rate and new-failure-type rules for the report's day.</summary>
    /// <param name="domainRules">The domain's rules from <see cref="DomainRulesAsync"/>; only the holder's count.</param>
    public async Task ReportArchivedAsync(string tenantId, string domain, IReadOnlyList<AlertRuleRecord> domainRules, ReportContribution contribution)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        var rules = Select(domainRules, tenantId, AlertKinds.FailureRate, AlertKinds.NewFailureType);
        if (rules.Count == 0)
        {
            return;
        }

        var day = contribution.Day;
        var dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var failureRateRules = rules.Where(r => r.Kind == AlertKinds.FailureRate).ToList();
        IReadOnlyList<ExplainedFailure>? topFailures = null;
        var totals = failureRateRules.Count > 0 ? (await reports.DailyAsync(domain, day, day)).FirstOrDefault() : null;
        foreach (var rule in failureRateRules)
        {
            var threshold = rule.ThresholdPercent ?? 0;
            var minSessions = rule.MinSessions ?? 0;
            if (totals is null || !FailureRate.Exceeds(totals.SuccessfulSessions, totals.FailedSessions, threshold, minSessions, out var percent))
            {
                continue;
            }

            var sessions = totals.SuccessfulSessions + totals.FailedSessions;
            topFailures ??= FailureExplanations.Explain((await reports.BreakdownAsync(domain, day, day))
                .Where(b => b.Dimension == Dimension.ResultType)
                .Select(b => KeyValuePair.Create(b.Key, b.Sessions)));
            await FireAsync(
                rule, dayText,
                string.Create(CultureInfo.InvariantCulture, $"{percent:0.##} % of {sessions} TLS sessions to {domain} failed on {dayText} (threshold {threshold:0.##} %, at least {minSessions} sessions). {FailureExplanations.Sentences(topFailures)}").TrimEnd(),
                new { day = dayText, sessions, successful = totals.SuccessfulSessions, failed = totals.FailedSessions, failurePercent = Math.Round(percent, 2), thresholdPercent = threshold, minSessions, topResultTypes = topFailures.Select(f => new { resultType = f.ResultType, failedSessions = f.FailedSessions, meaning = f.Meaning, fix = f.Fix }) });
        }

        var newTypeRules = rules.Where(r => r.Kind == AlertKinds.NewFailureType).ToList();
        if (newTypeRules.Count > 0 && contribution.Breakdown.TryGetValue(Dimension.ResultType, out var types) && types.Count > 0)
        {
            var seen = (await reports.BreakdownAsync(domain, day.AddDays(-NewTypeLookbackDays), day.AddDays(-1)))
                .Where(b => b.Dimension == Dimension.ResultType)
                .Select(b => b.Key)
                .ToHashSet(StringComparer.Ordinal);
            var fresh = types.Where(t => t.Value > 0 && !seen.Contains(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
            foreach (var rule in fresh.Count > 0 ? newTypeRules : [])
            {
                var names = string.Join(", ", fresh.Select(t => t.Key));
                var explained = FailureExplanations.Explain(fresh.Select(t => KeyValuePair.Create(t.Key, t.Value)));
                await FireAsync(
                    rule, $"{dayText}:{names}",
                    $"New failure type for {domain} on {dayText}: {names} (not seen in the previous {NewTypeLookbackDays} days). {FailureExplanations.Sentences(explained)}",
                    new { day = dayText, resultTypes = fresh.Select(t => new { resultType = t.Key, failedSessions = t.Value, meaning = ResultTypes.Find(t.Key)?.Meaning, fix = ResultTypes.Find(t.Key)?.Fix }) });
            }
        }
    }

    /// <summary>After a policy check: policy-broken for new error findings, policy-changed for watched changes.</summary>
    /// <param name="domainRules">The domain's rules from <see cref="DomainRulesAsync"/>; only the holder's count.</param>
    public async Task PolicyCheckedAsync(string tenantId, string domain, IReadOnlyList<AlertRuleRecord> domainRules, PolicySnapshot? previous, PolicySnapshot current, IReadOnlyList<PolicyChange> changes)
    {
        var rules = Select(domainRules, tenantId, AlertKinds.PolicyBroken, AlertKinds.PolicyChanged);
        if (rules.Count == 0)
        {
            return;
        }

        var errors = PolicyAlerts.NewErrors(previous, current);
        var watched = PolicyAlerts.WatchedChanges(previous, changes);
        foreach (var rule in rules)
        {
            if (rule.Kind == AlertKinds.PolicyBroken && errors.Count > 0)
            {
                await FireAsync(
                    rule, null,
                    $"The mail-security policy of {domain} is broken: {string.Join("; ", errors.Select(e => e.Message))}",
                    new { findings = errors.Select(e => new { code = e.Code, message = e.Message, fix = e.Fix }) });
            }
            else if (rule.Kind == AlertKinds.PolicyChanged && watched.Count > 0)
            {
                await FireAsync(
                    rule, null,
                    $"The mail-security policy of {domain} changed: {string.Join("; ", watched.Select(c => $"{c.What} {c.OldValue ?? "(none)"} → {c.NewValue ?? "(none)"}"))}",
                    new { changes = watched.Select(c => new { what = c.What, oldValue = c.OldValue, newValue = c.NewValue }) });
            }
        }
    }

    /// <summary>
    /// After a probe of the MX hosts or a DNS check (which fetched the MTA-STS policy host's certificate):
    /// certificate-expiring rules, once per certificate and step (days, 7, 1, expired).
    /// </summary>
    /// <param name="domainRules">The domain's rules from <see cref="DomainRulesAsync"/>; only the holder's count.</param>
    public async Task CertificatesSeenAsync(string tenantId, string domain, IReadOnlyList<AlertRuleRecord> domainRules, PolicySnapshot current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var rules = Select(domainRules, tenantId, AlertKinds.CertificateExpiring);
        foreach (var rule in rules)
        {
            foreach (var certificate in CertificateExpiry.Due(current, domain, rule.DaysBefore ?? Probes.ProbeFindings.ExpiryWarningDays, time.GetUtcNow()))
            {
                var notAfter = certificate.NotAfter.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var summary = certificate.DaysLeft < 0
                    ? $"The certificate of {certificate.Host} ({domain}) expired on {notAfter}."
                    : string.Create(CultureInfo.InvariantCulture, $"The certificate of {certificate.Host} ({domain}) expires on {notAfter}, in {certificate.DaysLeft} days.");
                await FireAsync(
                    rule, $"{certificate.Host}:{certificate.Sha256}:{certificate.Threshold}", summary,
                    new { host = certificate.Host, sha256 = certificate.Sha256, notAfter = certificate.NotAfter, daysLeft = certificate.DaysLeft });
            }
        }
    }

    /// <summary>A reporter-silent rule's periodic evaluation.</summary>
    public async Task EvaluateSilenceAsync(AlertRuleRecord rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var now = time.GetUtcNow();
        var activity = await alerts.ReporterActivityAsync(rule.Domain, now - ReporterSilence.Lookback, cancellationToken);
        foreach (var silent in ReporterSilence.Find(activity, now))
        {
            var last = silent.LastReportAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            await FireAsync(
                rule, $"{silent.Organization}:{silent.LastReportAt.ToUnixTimeSeconds()}",
                $"{silent.Organization} has sent no TLS report for {rule.Domain} since {last}, after reporting on {silent.DaysReported} of the {ReporterSilence.WindowDays} days before.",
                new { organization = silent.Organization, lastReportAt = silent.LastReportAt, daysReported = silent.DaysReported, windowDays = ReporterSilence.WindowDays });
        }
    }

    /// <summary>Tells the previous holder of a domain, on all its channels, that another tenant took it over.</summary>
    public async Task DomainTakenOverAsync(string previousTenantId, string domain)
    {
        var channels = (await alerts.ListChannelsAsync(previousTenantId)).Select(c => c.Id).ToList();
        await FireAsync(
            new NewAlert(
                previousTenantId, null, domain, AlertKinds.DomainTakenOver, time.GetUtcNow(),
                $"{domain} was registered by another tenant that proved control of it through its TLS-RPT record; its reports now go there.",
                JsonSerializer.Serialize(new { domain }), null, channels));
    }

    /// <summary>The domain's rules of one kind that belong to its holder, for evaluators of their own (the MTA-STS watch).</summary>
    internal Task<IReadOnlyList<AlertRuleRecord>> RulesOfKindAsync(string tenantId, string domain, string kind) => RulesAsync(tenantId, domain, kind);

    /// <summary>Fires an alert of <paramref name="kind"/> for a rule (a rule may raise more than its own kind: enforce-ready raises enforce-guard).</summary>
    internal Task FireRuleAsync(AlertRuleRecord rule, string kind, string dedupKey, string summary, object details) =>
        FireAsync(new NewAlert(rule.TenantId, rule.Id, rule.Domain, kind, time.GetUtcNow(), summary, JsonSerializer.Serialize(details), dedupKey, rule.Channels));

    private async Task<IReadOnlyList<AlertRuleRecord>> RulesAsync(string tenantId, string domain, params string[] kinds) =>
        Select(await alerts.RulesForDomainAsync(domain), tenantId, kinds);

    // The list is the domain's rows, whoever created them: only the holder's rules may fire on the holder's data.
    private static List<AlertRuleRecord> Select(IReadOnlyList<AlertRuleRecord> domainRules, string tenantId, params string[] kinds)
    {
        ArgumentNullException.ThrowIfNull(domainRules);
        return domainRules.Where(r => r.TenantId == tenantId && kinds.Contains(r.Kind)).ToList();
    }

    private Task FireAsync(AlertRuleRecord rule, string? dedupKey, string summary, object details) =>
        FireAsync(new NewAlert(rule.TenantId, rule.Id, rule.Domain, rule.Kind, time.GetUtcNow(), summary, JsonSerializer.Serialize(details), dedupKey, rule.Channels));

    private async Task FireAsync(NewAlert alert)
    {
        var id = await alerts.FireAsync(alert, alert.OccurredAt + options.Value.RetryFor);
        if (id is not null)
        {
            metrics.Fired(alert.Kind);
            LogFired(logger, id, alert.Kind, alert.Domain);
            signal.Notify();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {Id} ({Kind}) fired for {Domain}")]
    private static partial void LogFired(ILogger logger, string id, string kind, string? domain);
}
