using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Protocol.Text;

namespace TlsRptPlatform.Protocol.Aggregation;

/// <summary>Derives a report's contribution to the daily aggregates. The raw report stays the source of truth (DESIGN D3).</summary>
public static class ReportAggregator
{
    /// <summary>Key used when a failure detail leaves out the field a dimension is keyed by.</summary>
    public const string NotReported = "(not reported)";

    /// <summary>Key that collects the rest once a dimension has reached its key limit.</summary>
    public const string Other = "(other)";

    public const int DefaultMaxKeysPerDimension = 1_000;

    /// <summary>
    /// Every aggregate — a report's contribution and a stored (domain, day, key) cell — saturates here. With at most
    /// 36,500 days kept (Retention:Days), any sum over stored days stays below 2^63, so no query can overflow.
    /// </summary>
    public const long MaxAggregateSessions = 100_000_000_000_000;

    /// <remarks>
    /// Totals, organisation and policy type come from each policy's summary, so that they add up to the failed
    /// session total even when a sender's details disagree with its summary; result type, MX and sending IP exist
    /// only in the failure details. Totals add up policy evaluations: a sender that reports the same sessions
    /// under an sts and a tlsa policy (Microsoft) counts them under both.
    /// </remarks>
    public static ReportContribution Compute(TlsReport report, int maxKeysPerDimension = DefaultMaxKeysPerDimension)
    {
        ArgumentNullException.ThrowIfNull(report);
        var breakdown = Enum.GetValues<Dimension>().ToDictionary(d => d, _ => new Dictionary<string, long>(StringComparer.Ordinal));
        var facets = new Dictionary<(string, string, string), long>();
        long successful = 0, failed = 0;

        foreach (var policy in report.Policies)
        {
            successful = Saturating(successful, policy.SuccessfulSessions);
            failed = Saturating(failed, policy.FailedSessions);
            if (policy.SuccessfulSessions > 0)
            {
                Add(breakdown[Dimension.SuccessfulByPolicyType], policy.PolicyType, policy.SuccessfulSessions, maxKeysPerDimension);
            }

            if (policy.FailedSessions > 0)
            {
                Add(breakdown[Dimension.Organization], report.OrganizationName, policy.FailedSessions, maxKeysPerDimension);
                Add(breakdown[Dimension.PolicyType], policy.PolicyType, policy.FailedSessions, maxKeysPerDimension);
                Add(breakdown[Dimension.PolicyDomain], HostKey(policy.PolicyDomain), policy.FailedSessions, maxKeysPerDimension);
            }

            foreach (var detail in policy.FailureDetails)
            {
                if (detail.FailedSessionCount == 0)
                {
                    continue;
                }

                Add(breakdown[Dimension.ResultType], detail.ResultType, detail.FailedSessionCount, maxKeysPerDimension);
                Add(breakdown[Dimension.ReceivingMx], HostKey(detail.ReceivingMxHostname), detail.FailedSessionCount, maxKeysPerDimension);
                Add(breakdown[Dimension.SendingIp], detail.SendingMtaIp ?? NotReported, detail.FailedSessionCount, maxKeysPerDimension);
                Add(breakdown[Dimension.ResultTypeAtMx], PairKey(detail.ResultType, HostKey(detail.ReceivingMxHostname)), detail.FailedSessionCount, maxKeysPerDimension);
                AddFacet(facets, detail, maxKeysPerDimension);
            }
        }

        return new ReportContribution(
            report.Day,
            successful,
            failed,
            breakdown.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, long>)p.Value),
            facets.Select(f => new FailureFacet(f.Key.Item1, f.Key.Item2, f.Key.Item3, f.Value)).ToList());
    }

    /// <summary>Same bound as a dimension: a report with 100,000 distinct details adds at most that many rows.</summary>
    private static void AddFacet(Dictionary<(string, string, string), long> facets, FailureDetail detail, int maxKeys)
    {
        var key = (Excerpt.Of(detail.ResultType, MaxKeyLength), Excerpt.Of(HostKey(detail.ReceivingMxHostname), MaxKeyLength),
            Excerpt.Of(detail.SendingMtaIp ?? NotReported, MaxKeyLength));
        if (!facets.ContainsKey(key) && facets.Count >= maxKeys)
        {
            key = (Other, Other, Other);
        }

        facets[key] = Saturating(facets.GetValueOrDefault(key), detail.FailedSessionCount);
    }

    /// <summary>The key of <see cref="Dimension.ResultTypeAtMx"/>; the host is last because result types are single tokens (RFC 8460 §4.3).</summary>
    public static string PairKey(string resultType, string mxHost) => $"{resultType} {mxHost}";

    private static string HostKey(string? host) =>
        host is null ? NotReported : host.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>
    /// Longest key kept in the daily breakdown (a DNS name is at most 253 characters). Report strings may be 4,096
    /// characters; stored whole, 1,000 fresh keys per dimension and report grew the store by about 12 MB per
    /// report that compressed to a few KB.
    /// </summary>
    public const int MaxKeyLength = 255;

    private static void Add(Dictionary<string, long> counts, string key, long value, int maxKeys)
    {
        key = Excerpt.Of(key, MaxKeyLength);

        if (!counts.ContainsKey(key) && counts.Count >= maxKeys)
        {
            key = Other;
        }

        counts[key] = Saturating(counts.GetValueOrDefault(key), value);
    }

    /// <remarks>Both operands are at most <see cref="MaxAggregateSessions"/>, so the addition itself cannot overflow.</remarks>
    /// <summary>Adds two counts of at most <see cref="MaxAggregateSessions"/> each (their sum cannot overflow), saturating there.</summary>
    public static long Saturating(long a, long b) => Math.Min(a + b, MaxAggregateSessions);
}
