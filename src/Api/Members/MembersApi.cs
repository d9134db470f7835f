using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Api.Audit;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Members;

/// <summary>
/// The tenant's people: listed for everyone in it, re-roled and removed by admins. Only an owner gives or takes the
/// owner role (that is how ownership is transferred: make another member owner, then step down), and the tenant's
/// last owner can neither leave nor lose the role.
/// </summary>
public static class MembersApi
{
    public static void MapMembers(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/members").WithTags("Members").RequireAuthorization(PlatformClaims.TenantPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).RequireAccess(RouteAccess.Read).WithName("ListMembers").WithSummary("The tenant's members with their roles");
        group.MapPut("/{userId}", ChangeRoleAsync).RequireAccess(RouteAccess.Admin).WithName("ChangeMemberRole")
            .WithSummary("Give a member another role (only an owner gives or takes 'owner')")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{userId}", RemoveAsync).RequireAccess(RouteAccess.Admin).WithName("RemoveMember")
            .WithSummary("Remove a member from the tenant (only an owner removes an owner)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/leave", LeaveAsync).RequireAccess(RouteAccess.Read).WithName("LeaveTenant")
            .WithSummary("Leave the tenant the session looks at (the last owner cannot)")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<MemberResponse[]>> ListAsync(ClaimsPrincipal user, MembershipStore memberships, CancellationToken cancellationToken) =>
        TypedResults.Ok((await memberships.ListForTenantAsync(user.TenantIdOf(), cancellationToken))
            .Select(m => new MemberResponse(m.UserId, m.Email, m.Role.Name(), m.Since, m.TotpEnabled)).ToArray());

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangeRoleAsync(
        string userId, RoleChange request, HttpContext context, ClaimsPrincipal user, MembershipStore memberships, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!TenantRoles.TryParse(request?.Role, out var role))
        {
            return ProblemTypes.InvalidRequest("'role' must be one of viewer, analyst, admin, owner.", "$.role");
        }

        var tenant = user.TenantIdOf();
        var current = await memberships.FindRoleAsync(tenant, userId, cancellationToken);
        if (current is null)
        {
            return MemberNotFound();
        }

        if ((role == TenantRole.Owner || current == TenantRole.Owner) && !IsOwner(user))
        {
            return OwnerOnly();
        }

        var outcome = await memberships.ChangeRoleAsync(tenant, userId, role, cancellationToken);
        await audit.RecordAsync(context, AuditActors.MemberRoleChanged, $"{userId}: {current.Value.Name()} -> {role.Name()}", Status(outcome));
        return Answer(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        string userId, HttpContext context, ClaimsPrincipal user, MembershipStore memberships, AuditLog audit, CancellationToken cancellationToken)
    {
        var tenant = user.TenantIdOf();
        var current = await memberships.FindRoleAsync(tenant, userId, cancellationToken);
        if (current is null)
        {
            return MemberNotFound();
        }

        if (current == TenantRole.Owner && !IsOwner(user))
        {
            return OwnerOnly();
        }

        var outcome = await memberships.RemoveAsync(tenant, userId, cancellationToken);
        await audit.RecordAsync(context, AuditActors.MemberRemoved, userId, Status(outcome));
        return Answer(outcome);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LeaveAsync(
        HttpContext context, ClaimsPrincipal user, MembershipStore memberships, AuditLog audit, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(PlatformClaims.UserId) is not { } userId)
        {
            return Accounts.Persons.Required();
        }

        var outcome = await memberships.RemoveAsync(user.TenantIdOf(), userId, cancellationToken);
        await audit.RecordAsync(context, AuditActors.MemberRemoved, userId + " (left)", Status(outcome));
        return Answer(outcome);
    }

    private static bool IsOwner(ClaimsPrincipal user) => user.RoleOf() == TenantRole.Owner;

    private static int Status(MembershipChange outcome) => outcome switch
    {
        MembershipChange.Done => StatusCodes.Status204NoContent,
        MembershipChange.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status409Conflict,
    };

    private static Results<NoContent, ProblemHttpResult> Answer(MembershipChange outcome) => outcome switch
    {
        MembershipChange.Done => TypedResults.NoContent(),
        MembershipChange.NotFound => MemberNotFound(),
        _ => ProblemTypes.Create(StatusCodes.Status409Conflict, "last-owner", "Last owner",
            "The tenant's last owner cannot leave or lose the role: make another member owner first."),
    };

    private static ProblemHttpResult MemberNotFound() =>
        ProblemTypes.Create(StatusCodes.Status404NotFound, "member-not-found", "Member not found", "Nobody with that id belongs to this tenant.");

    private static ProblemHttpResult OwnerOnly() =>
        ProblemTypes.Create(StatusCodes.Status403Forbidden, "owner-required", "Owner required", "Only an owner gives, takes or removes the owner role.");
}
