using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Storage.Accounts;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Accounts.Oidc;

/// <summary>
/// Turns a provider's verified identity into a person's session. An identity is keyed by issuer + subject; the first
/// time it is seen it links to the account with the same address only when the provider says the address is verified
/// (<c>email_verified</c>), since anyone can put any address into an account at some provider. Without an account an
/// identity gets one when sign-up is open (with a tenant of its own) or when an invitation waits for its verified
/// address (closed sign-up: the person then accepts it signed in). Returns where the browser goes next: the
/// dashboard, or its sign-in page with an error code.
/// </summary>
public sealed partial class ExternalSignIn(
    ExternalLoginStore logins, UserStore users, InvitationStore invitations, TenantStore tenants, PersonSessions sessions,
    IOptions<PlatformOptions> platform, ILogger<ExternalSignIn> logger)
{
    public async Task<string> SignInAsync(HttpContext context, string providerId, ClaimsPrincipal identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var sub = identity.FindFirst("sub");
        if (sub is null || sub.Value.Length > ExternalLoginStore.MaxLength || sub.Issuer.Length > ExternalLoginStore.MaxLength)
        {
            return Failed("oidc-no-subject");
        }

        var email = identity.FindFirstValue("email");
        var verified = string.Equals(identity.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase);
        var user = await logins.FindUserAsync(sub.Issuer, sub.Value, cancellationToken) is { } linked ? await users.FindAsync(linked, cancellationToken) : null;
        if (user is null)
        {
            if (!Emails.IsPlausible(email))
            {
                return Failed("oidc-no-email");
            }

            var existing = await users.FindByEmailAsync(email!, cancellationToken);
            if (existing is not null && !verified)
            {
                LogUnverifiedLink(logger, providerId, existing.Id);
                return Failed("oidc-email-unverified");
            }

            if (existing is { EmailVerified: false })
            {
                // Someone may have signed up with this address before its owner came: their password must not survive
                // the owner's first sign-in (account pre-hijacking).
                await users.ClearUnprovenPasswordAsync(existing.Id, cancellationToken);
                existing = await users.FindAsync(existing.Id, cancellationToken);
            }

            user = existing ?? await CreateAsync(email!, verified, cancellationToken);
            if (user is null)
            {
                return Failed("oidc-no-account");
            }

            await logins.LinkAsync(sub.Issuer, sub.Value, user.Id, cancellationToken);
        }

        if (verified && !user.EmailVerified && string.Equals(Emails.Normalize(email ?? string.Empty), user.Email, StringComparison.Ordinal))
        {
            await users.MarkEmailVerifiedAsync(user.Id, cancellationToken);
        }

        return await sessions.StartAsync(context, user, preferredTenant: null, cancellationToken) is null ? Failed("tenant-suspended") : "/#/";
    }

    private async Task<UserRecord?> CreateAsync(string email, bool verified, CancellationToken cancellationToken)
    {
        var open = platform.Value.SignUp == SignUpMode.Open;
        if (!open && !(verified && await invitations.AnyOpenForAsync(email, cancellationToken)))
        {
            return null;
        }

        var user = await users.CreateAsync(email, passwordHash: null, emailVerified: verified, cancellationToken: cancellationToken)
            ?? await users.FindByEmailAsync(email, cancellationToken);
        if (user is not null && open && !await invitations.AnyOpenForAsync(email, cancellationToken))
        {
            await tenants.CreateOwnedAsync(email, user.Id, cancellationToken);
        }

        return user;
    }

    private static string Failed(string code) => $"/#/sign-in?error={code}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenID Connect sign-in through {Provider} refused: its address matches account {UserId} but the provider does not say it is verified")]
    private static partial void LogUnverifiedLink(ILogger logger, string provider, string userId);
}
