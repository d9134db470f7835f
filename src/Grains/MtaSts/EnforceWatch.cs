using System.Globalization;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Abstractions.MtaSts;
using TlsRptPlatform.Grains.Alerts;
using TlsRptPlatform.Storage.Alerts;

namespace TlsRptPlatform.Grains.MtaSts;

/// <summary>
/// The alerts on the road to enforce, both raised by <c>enforce-ready</c> rules: ready (once per testing period) and,
/// within <c>MtaSts:Readiness:GuardDays</c> of a switch, the guard (once per switch) when the sts failure rate
/// rises above the rule's threshold.
/// </summary>
public sealed class EnforceWatch(AlertEvaluator alerts, ReadinessEvaluator readiness, IOptions<ReadinessOptions> options, TimeProvider time)
{
    public Task<IReadOnlyList<AlertRuleRecord>> RulesAsync(string tenantId, string domain) =>
        alerts.RulesOfKindAsync(tenantId, domain, AlertKinds.EnforceReady);

    public async Task ReadyAsync(IReadOnlyList<AlertRuleRecord> rules, string domain, MtaStsReadiness state)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Ready || state.Since is not { } since)
        {
            return;
        }

        var switchHint = state.Source == "hosted"
            ? $"Switch with POST /v1/domains/{domain}/mta-sts/enforce or on the dashboard."
            : "Change the policy to mode: enforce and publish a new id in its _mta-sts TXT record.";
        foreach (var rule in rules)
        {
            await alerts.FireRuleAsync(
                rule, AlertKinds.EnforceReady, $"ready:{since.ToUnixTimeMilliseconds()}",
                $"The MTA-STS policy of {domain} is ready for enforce: in testing since {since:yyyy-MM-dd}, every readiness check passes ({state.Basis} basis). {switchHint}",
                new
                {
                    since, basis = state.Basis, source = state.Source, from = state.From, to = state.To,
                    checks = state.Checks.Select(c => new { name = c.Name, passed = c.Passed, evidence = c.Evidence }),
                });
        }
    }

    /// <summary>The guard after a switch to enforce at <paramref name="since"/>.</summary>
    public async Task GuardAsync(IReadOnlyList<AlertRuleRecord> rules, string domain, string source, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var now = time.GetUtcNow();
        if (rules.Count == 0 || now - since > TimeSpan.FromDays(options.Value.GuardDays))
        {
            return;
        }

        var from = DateOnly.FromDateTime(since.UtcDateTime);
        var to = DateOnly.FromDateTime(now.UtcDateTime);
        var (successful, failed, _) = await readiness.StsTotalsAsync(domain, from, to);
        var total = successful + failed;
        foreach (var rule in rules)
        {
            var threshold = rule.ThresholdPercent ?? options.Value.MaxFailureRate;
            var minSessions = rule.MinSessions ?? 1;
            if (total == 0 || total < minSessions || 100.0 * failed / total <= threshold)
            {
                continue;
            }

            var percent = 100.0 * failed / total;
            var refused = await readiness.RefusedAsync(domain, from, to);
            var back = source == "hosted"
                ? $"Consider going back to testing: PUT /v1/domains/{domain}/mta-sts/policy with mode testing, or on the dashboard."
                : "Consider going back to mode: testing (with a new id in the _mta-sts TXT record).";
            await alerts.FireRuleAsync(
                rule, AlertKinds.EnforceGuard, $"guard:{since.ToUnixTimeMilliseconds()}",
                string.Create(CultureInfo.InvariantCulture,
                    $"Since {domain} switched to MTA-STS enforce on {since:yyyy-MM-dd}, {failed} of {total} sts sessions failed ({percent:0.###} %, threshold {threshold:0.###} %): senders now refuse those deliveries. {back}"),
                new
                {
                    since, from, to, successful, failed, failurePercent = Math.Round(percent, 3), thresholdPercent = threshold,
                    refused = refused.Select(r => new { resultType = r.ResultType, receivingMx = r.ReceivingMx, organization = r.Organization, sessions = r.Sessions }),
                });
        }
    }
}
