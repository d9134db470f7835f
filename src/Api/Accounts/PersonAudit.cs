using Microsoft.AspNetCore.Http;
using TlsRptPlatform.Api.Audit;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>
/// Records what happens to a person's account (a failed sign-in, a new password) in the audit log of every tenant they
/// belong to: each tenant's admins should see it, and an account belongs to no single tenant.
/// </summary>
public sealed class PersonAudit(MembershipStore memberships, AuditLog audit)
{
    public async Task RecordAsync(HttpContext context, UserRecord user, string action, string target, int status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        foreach (var membership in await memberships.ListForUserAsync(user.Id, cancellationToken))
        {
            await audit.RecordAsync(context, membership.TenantId, AuditActors.User, user.Id, user.Email, action, target, status);
        }
    }
}
