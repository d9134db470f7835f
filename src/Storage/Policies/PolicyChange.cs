namespace TlsRptPlatform.Storage.Policies;

/// <summary>One change a policy check saw, e.g. <c>mta-sts.mode</c> from <c>testing</c> to <c>enforce</c>.</summary>
public sealed record PolicyChange(DateTimeOffset At, string What, string? OldValue, string? NewValue);
