namespace TlsRptPlatform.Storage.Digest;

/// <summary>
/// A tenant's digest for one ISO week (<paramref name="Week"/>, e.g. <c>2026-W48</c>), rendered, about to be queued.
/// <paramref name="Details"/> is the alert's JSON (subject and both parts), which the e-mail sender turns into the mail.
/// </summary>
public sealed record QueuedDigest(string TenantId, string Week, DateTimeOffset QueuedAt, string Summary, string Details);
