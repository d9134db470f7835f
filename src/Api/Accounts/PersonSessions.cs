using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Audit;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>
/// Starts a person's dashboard session once they have proven who they are (password, OpenID Connect, an accepted
/// invitation): the cookie, the tenant it opens on (the one asked for if they belong to it, else their first tenant that
/// is not suspended), and the sign-in in that tenant's audit log. A person whose every tenant is suspended cannot sign
/// in (an operator can: the console is theirs).
/// </summary>
public sealed class PersonSessions(UserSessionStore sessions, MembershipStore memberships, AuditLog audit, IOptions<AccountOptions> options, IOptions<PlatformOptions> platform)
{
    /// <returns>The session, or null when every tenant of the person is suspended.</returns>
    public async Task<SessionResponse?> StartAsync(HttpContext context, UserRecord user, string? preferredTenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);
        var tenants = await memberships.ListForUserAsync(user.Id, cancellationToken);
        if (tenants.Count > 0 && tenants.All(t => t.Suspended) && !user.Operator)
        {
            await audit.RecordAsync(context, tenants[0].TenantId, AuditActors.User, user.Id, user.Email, AuditActors.SignInFailed, "tenant-suspended", StatusCodes.Status403Forbidden);
            return null;
        }

        var tenant = tenants.FirstOrDefault(t => t.TenantId == preferredTenant && !t.Suspended) ?? tenants.FirstOrDefault(t => !t.Suspended) ?? tenants.FirstOrDefault();
        var lifetime = options.Value.SessionLifetime;
        var (id, csrf) = await sessions.CreateAsync(user, tenant?.TenantId, lifetime, cancellationToken);
        if (tenant is not null)
        {
            await audit.RecordAsync(context, tenant.TenantId, AuditActors.User, user.Id, user.Email, AuditActors.SignIn, "role=" + tenant.Role.Name(), StatusCodes.Status200OK);
        }

        SessionCookie.Set(context, id, lifetime, platform.Value);
        return SessionResponse.ForPerson(user.Id, user.Email, user.Operator, user.TotpEnabled, tenant, tenants, csrf);
    }
}
