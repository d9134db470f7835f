namespace TlsRptPlatform.Api.Digest;

/// <summary>The tenant's weekly digest opt-in: <c>GET</c> answers it, <c>PUT</c> takes it (enabled must be given).</summary>
public sealed record DigestSettings(bool? Enabled);
