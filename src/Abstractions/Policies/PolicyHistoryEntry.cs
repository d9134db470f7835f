namespace TlsRptPlatform.Abstractions.Policies;

/// <param name="What">The part that changed, e.g. <c>mta-sts.mode</c>, <c>mx</c>, <c>tlsa.mx1.example.com</c>.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.PolicyHistoryEntry")]
public sealed record PolicyHistoryEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string What,
    [property: Id(2)] string? Old,
    [property: Id(3)] string? New);
