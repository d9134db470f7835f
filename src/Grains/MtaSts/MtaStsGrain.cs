using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.MtaSts;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Protocol.Policies;
using TlsRptPlatform.Storage.Domains;
using TlsRptPlatform.Storage.MtaSts;

namespace TlsRptPlatform.Grains.MtaSts;

/// <summary>
/// One domain's hosted MTA-STS policy and its road to enforce. No Orleans state: the policy is a row that every
/// policy host reads; this grain is its only writer, so changes to one domain's policy happen one at a time and each
/// gets exactly one new id. See <see cref="IMtaStsGrain"/> for why it is not part of the domain grain.
/// </summary>
[GrainType("mta-sts")]
[CollectionAgeLimit(Minutes = 10)]
public sealed partial class MtaStsGrain(
    HostedPolicyStore policies,
    DomainStore domains,
    HostedPolicyRecords records,
    ReadinessEvaluator readiness,
    EnforceWatch watch,
    IOptions<PolicyHostingOptions> hosting,
    TimeProvider time,
    ILogger<MtaStsGrain> logger) : Grain, IMtaStsGrain
{
    private string Name => this.GetPrimaryKeyString();

    private IDomainGrain Domain => GrainFactory.GetGrain<IDomainGrain>(Name);

    async Task<HostedPolicyResult> IMtaStsGrain.GetAsync(string tenantId)
    {
        if (await Domain.GetAsync(tenantId) is null)
        {
            return new HostedPolicyResult(HostedPolicyOutcome.DomainNotFound);
        }

        var policy = await policies.FindAsync(Name);
        return policy is null
            ? new HostedPolicyResult(HostedPolicyOutcome.NotHosted, Draft: await DraftAsync())
            : new HostedPolicyResult(HostedPolicyOutcome.Ok, await DescribeAsync(policy));
    }

    async Task<HostedPolicyResult> IMtaStsGrain.PutAsync(string tenantId, HostedPolicyDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (await Domain.GetAsync(tenantId) is null)
        {
            return new HostedPolicyResult(HostedPolicyOutcome.DomainNotFound);
        }

        var mx = draft.Mx ?? (await DraftAsync()).Mx;
        if (mx is null || mx.Count == 0 || !HostedPolicyRules.TryValidate(draft.Mode, mx, draft.MaxAge, out var patterns, out _, out _))
        {
            return new HostedPolicyResult(HostedPolicyOutcome.NoMxToPrefill);
        }

        var existing = await policies.FindAsync(Name);
        var now = time.GetUtcNow();
        if (existing is not null && existing.Mode == draft.Mode && existing.MaxAge == draft.MaxAge && existing.Mx.SequenceEqual(patterns, StringComparer.Ordinal))
        {
            // Nothing changed (a retried call, a form saved twice): a new id would only make every sender refetch.
            return new HostedPolicyResult(HostedPolicyOutcome.Ok, await DescribeAsync(existing));
        }

        var saved = new HostedPolicyRecord(
            Name, draft.Mode, patterns, draft.MaxAge, MtaStsPolicyIds.New(now),
            existing is not null && existing.Mode == draft.Mode ? existing.ModeSince : now,
            existing?.CreatedAt ?? now, now);
        await policies.SaveAsync(saved);
        LogSaved(logger, Name, saved.Mode, saved.PolicyId);
        return new HostedPolicyResult(HostedPolicyOutcome.Ok, await DescribeAsync(saved));
    }

    async Task<HostedPolicyResult> IMtaStsGrain.DeleteAsync(string tenantId)
    {
        if (await Domain.GetAsync(tenantId) is null)
        {
            return new HostedPolicyResult(HostedPolicyOutcome.DomainNotFound);
        }

        return await policies.DeleteAsync(Name)
            ? new HostedPolicyResult(HostedPolicyOutcome.Deleted)
            : new HostedPolicyResult(HostedPolicyOutcome.NotHosted, Draft: await DraftAsync());
    }

    async Task<MtaStsReadiness?> IMtaStsGrain.GetReadinessAsync(string tenantId)
    {
        if (await Domain.GetAsync(tenantId) is null)
        {
            return null;
        }

        return await readiness.EvaluateAsync(Name, await policies.FindAsync(Name), await Domain.GetProbeTargetsAsync());
    }

    async Task<HostedPolicyResult> IMtaStsGrain.EnforceAsync(string tenantId, bool force)
    {
        if (await Domain.GetAsync(tenantId) is null)
        {
            return new HostedPolicyResult(HostedPolicyOutcome.DomainNotFound);
        }

        var policy = await policies.FindAsync(Name);
        if (policy is null)
        {
            return new HostedPolicyResult(HostedPolicyOutcome.NotHosted, Draft: await DraftAsync());
        }

        if (policy.Mode == "enforce")
        {
            return new HostedPolicyResult(HostedPolicyOutcome.Ok, await DescribeAsync(policy));
        }

        var state = await readiness.EvaluateAsync(Name, policy, await Domain.GetProbeTargetsAsync());
        if (!state.Ready && !force)
        {
            return new HostedPolicyResult(HostedPolicyOutcome.NotReady, Readiness: state);
        }

        var now = time.GetUtcNow();
        var enforced = policy with { Mode = "enforce", PolicyId = MtaStsPolicyIds.New(now), ModeSince = now, UpdatedAt = now };
        await policies.SaveAsync(enforced);
        LogEnforced(logger, Name, enforced.PolicyId, state.Ready);
        return new HostedPolicyResult(HostedPolicyOutcome.Ok, await DescribeAsync(enforced));
    }

    async Task IMtaStsGrain.WatchAsync()
    {
        var registration = await domains.FindAsync(Name);
        if (registration is null)
        {
            return;
        }

        var rules = await watch.RulesAsync(registration.TenantId, Name);
        if (rules.Count == 0)
        {
            return;
        }

        var policy = await policies.FindAsync(Name);
        var snapshot = await Domain.GetProbeTargetsAsync();
        var state = await readiness.EvaluateAsync(Name, policy, snapshot);
        if (state.Mode == "testing")
        {
            await watch.ReadyAsync(rules, Name, state);
        }
        else if (state.Mode == "enforce" && (policy?.ModeSince ?? await readiness.ExternalModeSinceAsync(Name, "enforce")) is { } since)
        {
            await watch.GuardAsync(rules, Name, state.Source, since);
        }
    }

    /// <summary>A policy to start from: testing, a week, and the MX hosts the last check saw.</summary>
    private async Task<HostedPolicyDraft> DraftAsync()
    {
        var snapshot = await Domain.GetProbeTargetsAsync();
        var mx = (snapshot?.Mx ?? []).Select(m => HostedPolicyRules.TryNormalizePattern(m.Host, out var p, out _) ? p : null)
            .OfType<string>().Distinct(StringComparer.Ordinal).Take(HostedPolicyRules.MaxMxPatterns).ToList();
        return new HostedPolicyDraft("testing", mx, HostedPolicyRules.DefaultMaxAge);
    }

    private async Task<HostedPolicy> DescribeAsync(HostedPolicyRecord policy)
    {
        HostedPolicyRules.TryParseMode(policy.Mode, out var mode);
        return new HostedPolicy(
            policy.Domain, policy.Mode, policy.Mx, policy.MaxAge, policy.PolicyId, policy.ModeSince, policy.UpdatedAt,
            MtaStsPolicyText.Render(mode, policy.Mx, policy.MaxAge),
            await records.DescribeAsync(policy.Domain, policy.PolicyId, hosting.Value.PolicyHost));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hosted MTA-STS policy of {Domain} saved: mode {Mode}, id {Id}")]
    private static partial void LogSaved(ILogger logger, string domain, string mode, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hosted MTA-STS policy of {Domain} switched to enforce, id {Id} (ready: {Ready})")]
    private static partial void LogEnforced(ILogger logger, string domain, string id, bool ready);
}
