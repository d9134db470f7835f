using System.ComponentModel.DataAnnotations;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>Configuration section <c>Accounts</c>: people's sign-in, sessions and the links mailed to them.</summary>
public sealed class AccountOptions
{
    /// <summary>A session ends after this long without a request.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A session ends this long after sign-in, however busy.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Failed sign-ins in a row that lock an account for <see cref="LockoutDuration"/>.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in, sign-up, password-reset and invitation requests per client address and minute (0: no limit).</summary>
    [Range(0, 100_000)]
    public int RequestsPerAddressPerMinute { get; set; } = 20;

    [Range(8, 64)]
    public int MinPasswordLength { get; set; } = 10;

    public TimeSpan VerificationLinkLifetime { get; set; } = TimeSpan.FromDays(2);

    public TimeSpan ResetLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);
}
