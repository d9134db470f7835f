using TlsRptPlatform.Abstractions.Reports;

namespace TlsRptPlatform.Api.Domains;

/// <param name="FailureRate">Failed / (successful + failed) sessions, 0 when there were none.</param>
/// <param name="ByResultType">Failed sessions by result type, from the failure details.</param>
/// <param name="ByOrganization">Failed sessions by reporting organization, from the policy summaries.</param>
/// <param name="ByPolicyType">
/// Successful and failed sessions by policy type, from the policy summaries. A sender reporting the same sessions under
/// <c>sts</c> and <c>tlsa</c> counts them under both: the headline totals add up policy evaluations, and this shows the overlap.
/// </param>
/// <param name="Explanations">
/// Each failing result type per receiving MX (the largest 20), set beside what the MX probe sees at that host now.
/// </param>
/// <param name="Organizations">Successful and failed sessions and the failure rate per organization (at most 100, most failures first).</param>
/// <param name="Filter">
/// The drill-down applied, or null. With <c>resultType</c>, <c>receivingMx</c> or <c>sendingIp</c>, <c>failedSessions</c>
/// and <c>reports</c> count the matching failures and the reports with them, <c>successfulSessions</c> stays that of the
/// organization scope, and <c>failureRate</c> is the matching failures' share of all sessions; <c>byPolicyType</c> and
/// <c>byPolicyDomain</c> are empty. Filters read reports archived since release 16 only.
/// </param>
/// <param name="ByPolicyDomain">
/// Failed sessions by the policies' <c>policy-domain</c>: the domain itself for <c>sts</c>, the MX host (TLSA base
/// domain) for <c>tlsa</c> — where DANE trouble shows per MX host.
/// </param>
public sealed record SummaryResponse(
    string Domain,
    DateOnly From,
    DateOnly To,
    long Reports,
    long SuccessfulSessions,
    long FailedSessions,
    double FailureRate,
    IReadOnlyDictionary<string, long> ByResultType,
    IReadOnlyDictionary<string, long> ByOrganization,
    IReadOnlyDictionary<string, PolicyTypeSessions> ByPolicyType,
    IReadOnlyDictionary<string, long> ByReceivingMx,
    IReadOnlyDictionary<string, long> BySendingIp,
    IReadOnlyDictionary<string, long> ByPolicyDomain,
    IReadOnlyList<ReportExplanation>? Explanations = null,
    IReadOnlyList<OrganizationRate>? Organizations = null,
    AppliedFilter? Filter = null)
{
    public static double Rate(long successful, long failed) =>
        successful + failed == 0 ? 0 : Math.Round((double)failed / (successful + failed), 6);
}

public sealed record DailyResponse(DateOnly Day, long Reports, long SuccessfulSessions, long FailedSessions, double FailureRate);
