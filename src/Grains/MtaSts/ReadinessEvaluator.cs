using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.MtaSts;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Storage.MtaSts;
using TlsRptPlatform.Storage.Policies;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Grains.MtaSts;

/// <summary>Gathers what <see cref="ReadinessJudge"/> reads: the policy, the last check, and the window's reports.</summary>
public sealed class ReadinessEvaluator(
    ReportStore reports, PolicyHistoryStore history, IOptions<ReadinessOptions> options, IOptions<ReportLimits> limits, TimeProvider time)
{
    /// <summary>
    /// Reports read whole to name the refused sessions (only reports with failures, newest first). The rate comes from
    /// the aggregates and is exact however many there are; the names are from this many reports at most.
    /// </summary>
    public const int MaxReportsRead = 500;

    /// <summary>Refused-session groups listed; the largest first.</summary>
    public const int MaxRefusedGroups = 50;

    private const int HistoryRead = 500;

    public async Task<MtaStsReadiness> EvaluateAsync(string domain, HostedPolicyRecord? hosted, PolicySnapshot? snapshot, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var (source, mode, since, patterns) = hosted is not null
            ? ("hosted", hosted.Mode, hosted.ModeSince, hosted.Mx)
            : snapshot?.MtaSts.Mode is { } external
                ? ("external", external, await ExternalSinceAsync(domain, external, cancellationToken), snapshot.MtaSts.Mx)
                : ("none", (string?)null, (DateTimeOffset?)null, (IReadOnlyList<string>)[]);

        var to = DateOnly.FromDateTime(now.UtcDateTime);
        var from = to.AddDays(-settings.Days);
        if (since is { } start && DateOnly.FromDateTime(start.UtcDateTime) > from)
        {
            // Reports from before the policy went into this mode say nothing about it.
            from = DateOnly.FromDateTime(start.UtcDateTime);
        }

        var (successful, failed, mxSeen) = await StsTotalsAsync(domain, from, to, cancellationToken);
        var organizations = await reports.OrganizationSpansAsync(domain, from, to, cancellationToken);
        var refused = failed > 0 ? await RefusedAsync(domain, from, to, cancellationToken) : [];
        return ReadinessJudge.Judge(
            new ReadinessInputs(domain, source, mode, since, patterns, hosted?.PolicyId, snapshot, from, to, organizations, successful, failed, refused, mxSeen, now),
            settings);
    }

    /// <summary>Sessions under sts policies, successful and failed, from the aggregates, and the MX hosts failures named.</summary>
    public async Task<(long Successful, long Failed, IReadOnlyList<string> MxSeen)> StsTotalsAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var breakdown = await reports.BreakdownAsync(domain, from, to, cancellationToken: cancellationToken);
        var successful = breakdown.Where(b => b.Dimension == Dimension.SuccessfulByPolicyType && b.Key == "sts").Sum(b => b.Sessions);
        var failed = breakdown.Where(b => b.Dimension == Dimension.PolicyType && b.Key == "sts").Sum(b => b.Sessions);
        var mx = breakdown.Where(b => b.Dimension == Dimension.ReceivingMx && b.Key is not (ReportAggregator.NotReported or ReportAggregator.Other))
            .Select(b => b.Key).Order(StringComparer.Ordinal).ToList();
        return (successful, failed, mx);
    }

    /// <summary>Failure details under sts policies, by result type, receiving MX and reporter: what enforce would have refused.</summary>
    public async Task<IReadOnlyList<RefusedSessions>> RefusedAsync(string domain, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var groups = new Dictionary<(string, string, string), long>();
        foreach (var raw in await reports.FailingReportsAsync(domain, from, to, MaxReportsRead, cancellationToken))
        {
            TlsReport report;
            try
            {
                report = TlsReportReader.Parse(raw, limits.Value);
            }
            catch (ReportFormatException)
            {
                continue; // archived under other limits; the aggregates still count it
            }

            foreach (var detail in report.Policies.Where(p => p.PolicyType == "sts").SelectMany(p => p.FailureDetails))
            {
                var mx = detail.ReceivingMxHostname?.Trim().TrimEnd('.').ToLowerInvariant() ?? ReportAggregator.NotReported;
                var key = (detail.ResultType, Protocol.Text.Excerpt.Of(mx, ReportAggregator.MaxKeyLength), Protocol.Text.Excerpt.Of(report.OrganizationName, ReportAggregator.MaxKeyLength));
                groups[key] = Math.Min(groups.GetValueOrDefault(key) + detail.FailedSessionCount, ReportAggregator.MaxAggregateSessions);
            }
        }

        return groups.OrderByDescending(g => g.Value).ThenBy(g => g.Key.Item1, StringComparer.Ordinal).Take(MaxRefusedGroups)
            .Select(g => new RefusedSessions(g.Key.Item1, g.Key.Item2, g.Key.Item3, g.Value)).ToList();
    }

    public Task<DateTimeOffset?> ExternalModeSinceAsync(string domain, string mode, CancellationToken cancellationToken = default) =>
        ExternalSinceAsync(domain, mode, cancellationToken);

    /// <summary>An external policy's mode began at the newest history entry that set it; unknown without one.</summary>
    private async Task<DateTimeOffset?> ExternalSinceAsync(string domain, string mode, CancellationToken cancellationToken)
    {
        var changes = await history.ListAsync(domain, HistoryRead, cancellationToken);
        return changes.FirstOrDefault(c => c.What == "mta-sts.mode" && c.NewValue == mode)?.At;
    }
}
