namespace TlsRptPlatform.Api.Overview;

/// <summary>One thing on the overview's "needs attention" list.</summary>
/// <param name="Kind">
/// <c>failure-spike</c>, <c>refused-submissions</c>, <c>silent-reporter</c>, <c>policy-changed</c>, or a policy or probe
/// finding code (<c>mtasts-policy-unreachable</c>, <c>mx-certificate-expires-soon</c>, <c>mtasts-id-stale</c> …).
/// </param>
/// <param name="Severity"><c>error</c>, <c>warning</c> or <c>info</c>.</param>
/// <param name="Impact">What the ranking uses after severity: failed sessions, refused submissions, or the domain's sessions at stake.</param>
/// <param name="Link">The dashboard page that explains it (a fragment URL with the same range).</param>
public sealed record AttentionItem(string Kind, string Severity, string Domain, string Title, string Detail, long Impact, string Link);
