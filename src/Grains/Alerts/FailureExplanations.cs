using System.Globalization;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Grains.Alerts;

/// <summary>
/// The result types behind an alert with what each means and how to fix it, from <see cref="ResultTypes"/> — the same
/// words the dashboard and the digest use, so an alert tells the reader what to do, not only that something failed.
/// </summary>
internal static class FailureExplanations
{
    /// <summary>The result types an alert names; more would not be read in a mail subject's body.</summary>
    public const int MaxNamed = 3;

    /// <summary>Details for the alert's JSON: each result type with its failed sessions, meaning and fix (null for one the RFC does not define).</summary>
    public static IReadOnlyList<ExplainedFailure> Explain(IEnumerable<KeyValuePair<string, long>> failures) =>
        failures
            .Where(f => f.Value > 0)
            .OrderByDescending(f => f.Value)
            .ThenBy(f => f.Key, StringComparer.Ordinal)
            .Take(MaxNamed)
            .Select(f => ResultTypes.Find(f.Key) is { } m
                ? new ExplainedFailure(f.Key, f.Value, m.Meaning, m.Fix)
                : new ExplainedFailure(f.Key, f.Value, null, null))
            .ToList();

    /// <summary>One sentence per result type, e.g. <c>certificate-expired (412 sessions): The MX certificate has expired. Fix: Renew …</c></summary>
    public static string Sentences(IReadOnlyList<ExplainedFailure> failures) =>
        string.Join(" ", failures.Select(f => f.Meaning is null
            ? string.Create(CultureInfo.InvariantCulture, $"{f.ResultType} ({f.FailedSessions} sessions).")
            : string.Create(CultureInfo.InvariantCulture, $"{f.ResultType} ({f.FailedSessions} sessions): {f.Meaning} Fix: {f.Fix}")));
}

/// <summary>A result type in an alert's details.</summary>
internal sealed record ExplainedFailure(string ResultType, long FailedSessions, string? Meaning, string? Fix);
