namespace TlsRptPlatform.Api.Audit;

/// <param name="ActorKind"><c>key</c> or <c>session</c>.</param>
/// <param name="Action"><c>METHOD /route/{pattern}</c>, <c>sign-in</c> or <c>sign-in-failed</c>.</param>
/// <param name="Target">Route values and the <c>Location</c> answered, as <c>name=value</c> pairs.</param>
public sealed record AuditEntryResponse(
    string Id,
    DateTimeOffset At,
    string ActorKind,
    string? KeyId,
    string? KeyName,
    string? Address,
    string Action,
    string Target,
    int Status);
