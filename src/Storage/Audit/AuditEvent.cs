namespace TlsRptPlatform.Storage.Audit;

/// <summary>One recorded change or sign-in.</summary>
/// <param name="ActorKind"><c>key</c> (a bearer API key) or <c>session</c> (the dashboard, signed in with <paramref name="KeyId"/>).</param>
/// <param name="Action">What was done: <c>METHOD /route/{pattern}</c>, or <c>sign-in</c> / <c>sign-in-failed</c>.</param>
/// <param name="Target">The route values and the <c>Location</c> answered, as <c>name=value</c> pairs; never a body, key or token.</param>
/// <param name="Status">The HTTP status answered: a refused attempt is recorded too.</param>
public sealed record AuditEvent(
    string Id,
    string TenantId,
    DateTimeOffset At,
    string ActorKind,
    string? KeyId,
    string? KeyName,
    string? Address,
    string Action,
    string Target,
    int Status);
