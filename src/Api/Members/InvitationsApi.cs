using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Mail;
using TlsRptPlatform.Api.Accounts;
using TlsRptPlatform.Api.Audit;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Members;

/// <summary>
/// Invitations by e-mail: an admin invites an address with a role; the link (single-use, expiring after
/// <c>Accounts:InvitationLifetime</c>) lets its holder join — creating an account for a new address (the link proves the
/// mailbox, so the address counts as confirmed), or, for an address that has one, after signing in with it.
/// </summary>
public static class InvitationsApi
{
    public static void MapInvitations(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/invitations").WithTags("Members");
        var admin = group.MapGroup("").RequireAuthorization(PlatformClaims.TenantPolicy).RequireAccess(RouteAccess.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapPost("/", InviteAsync).WithName("InviteMember")
            .WithSummary("Invite an address to the tenant with a role; mails it a single-use link (only an owner invites an owner)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        admin.MapGet("/", ListAsync).WithName("ListInvitations").WithSummary("The tenant's open invitations");
        admin.MapDelete("/{id}", WithdrawAsync).WithName("WithdrawInvitation").WithSummary("Withdraw an open invitation; its link stops working")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var link = group.MapGroup("").AllowAnonymousAccess().DisableAntiforgery().RequireRateLimiting(AccountRateLimit.Policy)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status429TooManyRequests);
        link.MapPost("/preview", PreviewAsync).WithName("PreviewInvitation")
            .WithSummary("What an invitation link leads to: the tenant, the address, the role, and whether the address already has an account");
        link.MapPost("/accept", AcceptAsync).WithName("AcceptInvitation")
            .WithSummary("Accept an invitation: signed in with the invited address, or with a password for a new account; starts a session in the tenant")
            .WithDescription("409 `sign-in-first` when the address has an account and the request is not signed in with it; 403 `invitation-for-another-address` when signed in as someone else.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Created<InvitationResponse>, ProblemHttpResult>> InviteAsync(
        InvitationRequest request, HttpContext context, ClaimsPrincipal user, InvitationStore invitations, MembershipStore memberships, AccountMail mail,
        AuditLog audit, IOptions<AccountOptions> options, CancellationToken cancellationToken)
    {
        if (!Emails.IsPlausible(request?.Email))
        {
            return ProblemTypes.InvalidRequest("'email' must be an e-mail address.", "$.email");
        }

        if (!TenantRoles.TryParse(request!.Role, out var role))
        {
            return ProblemTypes.InvalidRequest("'role' must be one of viewer, analyst, admin, owner.", "$.role");
        }

        if (role == TenantRole.Owner && user.RoleOf() != TenantRole.Owner)
        {
            return ProblemTypes.Create(StatusCodes.Status403Forbidden, "owner-required", "Owner required", "Only an owner invites an owner.", "$.role");
        }

        var tenant = user.TenantIdOf();
        var email = Emails.Normalize(request.Email!);
        if ((await memberships.ListForTenantAsync(tenant, cancellationToken)).Any(m => m.Email == email))
        {
            return ProblemTypes.Create(StatusCodes.Status409Conflict, "already-member", "Already a member", $"{email} already belongs to this tenant.", "$.email");
        }

        var invitedBy = user.FindFirstValue(PlatformClaims.Email) ?? user.FindFirstValue(PlatformClaims.KeyName) ?? "an admin";
        var lifetime = options.Value.InvitationLifetime;
        if (await invitations.CreateAsync(tenant, email, role, invitedBy, lifetime, cancellationToken) is not var (invitation, token))
        {
            return ProblemTypes.Create(StatusCodes.Status409Conflict, "too-many-invitations", "Too many open invitations",
                $"A tenant has at most {InvitationStore.MaxOpenPerTenant} open invitations; withdraw some first.");
        }

        try
        {
            await mail.SendInvitationAsync(email, invitation.TenantName, role.Name(), invitedBy, token, lifetime, cancellationToken);
        }
        catch (SmtpTransportException)
        {
            // Nobody can use an invitation whose link never arrived; it must not linger among the open ones.
            await invitations.WithdrawAsync(tenant, invitation.Id, CancellationToken.None);
            return AccountApi.MailUnavailable();
        }

        await audit.RecordAsync(context, AuditActors.MemberInvited, $"{email} as {role.Name()}", StatusCodes.Status201Created);
        return TypedResults.Created($"/v1/invitations/{invitation.Id}", Describe(invitation));
    }

    private static async Task<Ok<InvitationResponse[]>> ListAsync(ClaimsPrincipal user, InvitationStore invitations, CancellationToken cancellationToken) =>
        TypedResults.Ok((await invitations.ListOpenAsync(user.TenantIdOf(), cancellationToken)).Select(Describe).ToArray());

    private static async Task<Results<NoContent, ProblemHttpResult>> WithdrawAsync(
        string id, HttpContext context, ClaimsPrincipal user, InvitationStore invitations, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!await invitations.WithdrawAsync(user.TenantIdOf(), id, cancellationToken))
        {
            return ProblemTypes.Create(StatusCodes.Status404NotFound, "invitation-not-found", "Invitation not found", "No open invitation of this tenant has that id.");
        }

        await audit.RecordAsync(context, AuditActors.InvitationWithdrawn, id, StatusCodes.Status204NoContent);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<InvitationPreview>, ProblemHttpResult>> PreviewAsync(
        TokenRequest request, InvitationStore invitations, UserStore users, CancellationToken cancellationToken)
    {
        if (request?.Token is not { } token || await invitations.FindOpenAsync(token, cancellationToken) is not { } invitation)
        {
            return InvalidLink();
        }

        var exists = await users.FindByEmailAsync(invitation.Email, cancellationToken) is not null;
        return TypedResults.Ok(new InvitationPreview(invitation.TenantName, invitation.Email, invitation.Role.Name(), invitation.ExpiresAt, exists));
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> AcceptAsync(
        InvitationAcceptance request, HttpContext context, ClaimsPrincipal principal, InvitationStore invitations, UserStore users, Passwords passwords,
        PersonSessions sessions, AuditLog audit, CancellationToken cancellationToken)
    {
        if (request?.Token is not { } token || await invitations.FindOpenAsync(token, cancellationToken) is not { } invitation)
        {
            return InvalidLink();
        }

        var signedIn = await Persons.FindAsync(principal, users, cancellationToken);
        var account = signedIn ?? await users.FindByEmailAsync(invitation.Email, cancellationToken);
        if (account is not null && account.Email != invitation.Email)
        {
            return ProblemTypes.Create(StatusCodes.Status403Forbidden, "invitation-for-another-address", "Invitation for another address",
                $"This invitation is for {invitation.Email}; you are signed in as {account.Email}. Sign out, or ask for an invitation to your address.");
        }

        if (account is not null && signedIn is null)
        {
            return ProblemTypes.Create(StatusCodes.Status409Conflict, "sign-in-first", "Sign in first",
                $"{invitation.Email} already has an account: sign in with it, then open the invitation link again.");
        }

        if (account is null)
        {
            if (passwords.Problem(request.Password, invitation.Email) is { } weak)
            {
                return ProblemTypes.InvalidRequest(weak, "$.password");
            }

            // Created before the invitation is used: if the link was used meanwhile, an account with a confirmed address
            // and no tenant remains, which its owner can sign in to (and which a later invitation can use).
            account = await users.CreateAsync(invitation.Email, passwords.Hash(request.Password!), emailVerified: true, cancellationToken: cancellationToken)
                ?? await users.FindByEmailAsync(invitation.Email, cancellationToken);
        }

        if (account is null || !await invitations.AcceptAsync(token, account.Id, cancellationToken))
        {
            return InvalidLink();
        }

        if (!account.EmailVerified)
        {
            await users.MarkEmailVerifiedAsync(account.Id, cancellationToken);
        }

        await audit.RecordAsync(context, invitation.TenantId, AuditActors.User, account.Id, account.Email, AuditActors.MemberJoined, invitation.Role.Name(), StatusCodes.Status200OK);
        return await sessions.StartAsync(context, account, invitation.TenantId, cancellationToken) is { } session
            ? TypedResults.Ok(session)
            : ProblemTypes.TenantSuspended();
    }

    private static InvitationResponse Describe(InvitationRecord i) => new(i.Id, i.Email, i.Role.Name(), i.InvitedBy, i.CreatedAt, i.ExpiresAt);

    private static ProblemHttpResult InvalidLink() =>
        ProblemTypes.Create(StatusCodes.Status400BadRequest, "invalid-token", "Invitation not valid",
            "This invitation link is unknown, used, withdrawn or expired; ask for a new one.", "$.token");
}
