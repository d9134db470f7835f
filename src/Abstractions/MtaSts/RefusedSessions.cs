namespace TlsRptPlatform.Abstractions.MtaSts;

/// <summary>Failed sessions under an <c>sts</c> policy: the ones a sender would have refused to deliver in enforce mode.</summary>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.RefusedSessions")]
public sealed record RefusedSessions(
    [property: Id(0)] string ResultType,
    [property: Id(1)] string ReceivingMx,
    [property: Id(2)] string Organization,
    [property: Id(3)] long Sessions);
