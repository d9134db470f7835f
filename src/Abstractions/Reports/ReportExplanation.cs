namespace TlsRptPlatform.Abstractions.Reports;

/// <summary>A failing result type at a receiving MX, set beside what the MX probe sees there now.</summary>
/// <param name="ResultType">Null when the reports predate the result-type-by-MX breakdown: then all failures at the MX.</param>
/// <param name="ProbeSays">What the last probe of the MX host saw, as one sentence.</param>
/// <param name="Text">The whole explanation, ready to show.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.ReportExplanation")]
public sealed record ReportExplanation(
    [property: Id(0)] string? ResultType,
    [property: Id(1)] string ReceivingMx,
    [property: Id(2)] long FailedSessions,
    [property: Id(3)] string ProbeSays,
    [property: Id(4)] string Text);
