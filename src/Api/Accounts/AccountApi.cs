using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Mail;
using TlsRptPlatform.Api.Audit;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Accounts;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>
/// A person's account: sign-up (when <c>Platform:SignUp</c> is <c>open</c>), confirming the address, resetting and
/// changing the password. Whatever a stranger can ask answers the same whether or not the address has an account.
/// </summary>
public static partial class AccountApi
{
    /// <summary>At most one reset or verification mail per account and minute, however many addresses ask for one.</summary>
    private static readonly TimeSpan MailCooldown = TimeSpan.FromMinutes(1);

    public static void MapAccounts(this IEndpointRouteBuilder routes)
    {
        var open = routes.MapGroup("/v1/account").WithTags("Account").AllowAnonymousAccess().DisableAntiforgery().RequireRateLimiting(AccountRateLimit.Policy)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status429TooManyRequests);
        open.MapPost("/sign-up", SignUpAsync).WithName("SignUp")
            .WithSummary("Create an account and a tenant it owns (only when Platform:SignUp is open); mails a link to confirm the address")
            .WithDescription("Answers 202 whether or not the address already has an account (it then gets no mail), so the answer tells nobody which addresses are taken. 403 `sign-up-closed` unless `Platform:SignUp` is `open`.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        open.MapPost("/verification", ResendVerificationAsync).WithName("ResendVerification")
            .WithSummary("Mail a new link to confirm the address of an account that has not confirmed it yet (202 in any case)");
        open.MapPost("/verify-email", VerifyEmailAsync).WithName("VerifyEmail")
            .WithSummary("Confirm an account's address with the token from the link mailed to it");
        open.MapPost("/password-reset", RequestResetAsync).WithName("RequestPasswordReset")
            .WithSummary("Mail a single-use link to choose a new password (202 in any case)");
        open.MapPost("/password-reset/confirm", ConfirmResetAsync).WithName("ResetPassword")
            .WithSummary("Set a new password with the token from the reset link; ends every session of the account and opens a locked one");

        var own = routes.MapGroup("/v1/account").WithTags("Account").RequireAccess(RouteAccess.SignedIn)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        own.MapGet("/", GetAsync).WithName("GetAccount").WithSummary("The signed-in person's account: address, second factor, tenants");
        own.MapPut("/password", ChangePasswordAsync).WithName("ChangePassword")
            .WithSummary("Change the password; every other session of the account ends, this browser gets a new one")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Accepted<AcceptedResponse>, ProblemHttpResult>> SignUpAsync(
        SignUpRequest request, HttpContext context, UserStore users, TenantStore tenants, UserTokenStore tokens, Passwords passwords, AccountMail mail,
        AuditLog audit, IOptions<PlatformOptions> platform, IOptions<AccountOptions> options, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (platform.Value.SignUp != SignUpMode.Open)
        {
            return ProblemTypes.Create(StatusCodes.Status403Forbidden, "sign-up-closed", "Sign-up closed",
                "This platform takes new people by invitation only (Platform:SignUp is closed). Ask an admin of your tenant to invite you.");
        }

        if (!Emails.IsPlausible(request?.Email))
        {
            return ProblemTypes.InvalidRequest("'email' must be an e-mail address.", "$.email");
        }

        var email = Emails.Normalize(request!.Email!);
        if (passwords.Problem(request.Password, email) is { } weak)
        {
            return ProblemTypes.InvalidRequest(weak, "$.password");
        }

        var tenantName = request.TenantName?.Trim();
        if (string.IsNullOrEmpty(tenantName) || tenantName.Length > 200 || tenantName.Any(char.IsControl))
        {
            return ProblemTypes.InvalidRequest("'tenantName' (your company or team) is required: 1 to 200 printable characters.", "$.tenantName");
        }

        var user = await users.CreateAsync(email, passwords.Hash(request.Password!), emailVerified: false, cancellationToken: cancellationToken);
        if (user is not null)
        {
            var tenant = await tenants.CreateOwnedAsync(tenantName, user.Id, cancellationToken);
            await audit.RecordAsync(context, tenant.Id, AuditActors.User, user.Id, user.Email, AuditActors.SignUp, tenant.Name, StatusCodes.Status202Accepted);
            var token = await tokens.IssueAsync(user.Id, UserTokenPurpose.VerifyEmail, options.Value.VerificationLinkLifetime, cancellationToken);
            if (!await TrySendAsync(() => mail.SendVerificationAsync(user.Email, token, cancellationToken), logs))
            {
                return MailUnavailable();
            }
        }

        return TypedResults.Accepted((string?)null, new AcceptedResponse($"If {email} can take a new account, a link to confirm it is on its way."));
    }

    private static async Task<Accepted<AcceptedResponse>> ResendVerificationAsync(
        EmailRequest request, UserStore users, UserTokenStore tokens, AccountMail mail, IOptions<AccountOptions> options, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (Emails.IsPlausible(request?.Email) && await users.FindByEmailAsync(request!.Email!, cancellationToken) is { EmailVerified: false } user
            && await tokens.IssueAsync(user.Id, UserTokenPurpose.VerifyEmail, options.Value.VerificationLinkLifetime, MailCooldown, cancellationToken) is { } token)
        {
            await TrySendAsync(() => mail.SendVerificationAsync(user.Email, token, cancellationToken), logs);
        }

        return TypedResults.Accepted((string?)null, new AcceptedResponse("If that address has an account waiting for confirmation, a new link is on its way."));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> VerifyEmailAsync(TokenRequest request, UserStore users, UserTokenStore tokens, CancellationToken cancellationToken)
    {
        if (request?.Token is not { } token || await tokens.ConsumeAsync(token, UserTokenPurpose.VerifyEmail, cancellationToken) is not { } userId)
        {
            return InvalidToken();
        }

        await users.MarkEmailVerifiedAsync(userId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Accepted<AcceptedResponse>> RequestResetAsync(
        EmailRequest request, UserStore users, UserTokenStore tokens, AccountMail mail, IOptions<AccountOptions> options, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var lifetime = options.Value.ResetLinkLifetime;
        if (Emails.IsPlausible(request?.Email) && await users.FindByEmailAsync(request!.Email!, cancellationToken) is { } user
            && await tokens.IssueAsync(user.Id, UserTokenPurpose.ResetPassword, lifetime, MailCooldown, cancellationToken) is { } token)
        {
            await TrySendAsync(() => mail.SendPasswordResetAsync(user.Email, token, lifetime, cancellationToken), logs);
        }

        return TypedResults.Accepted((string?)null, new AcceptedResponse("If that address has an account, a link to choose a new password is on its way."));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ConfirmResetAsync(
        PasswordResetConfirmation request, HttpContext context, UserStore users, UserTokenStore tokens, Passwords passwords, PersonAudit personAudit,
        CancellationToken cancellationToken)
    {
        // The token is checked before the password so that a weak password does not use the link up.
        if (request?.Token is not { Length: > 0 and <= SecretTokens.MaxLength } token)
        {
            return InvalidToken();
        }

        if (passwords.Problem(request.Password, string.Empty) is { } weak)
        {
            return ProblemTypes.InvalidRequest(weak, "$.password");
        }

        if (await tokens.ConsumeAsync(token, UserTokenPurpose.ResetPassword, cancellationToken) is not { } userId
            || await users.FindAsync(userId, cancellationToken) is not { } user)
        {
            return InvalidToken();
        }

        if (passwords.Problem(request.Password, user.Email) is { } same)
        {
            return ProblemTypes.InvalidRequest(same, "$.password");
        }

        await users.SetPasswordAsync(user.Id, passwords.Hash(request.Password!), cancellationToken);
        // The link reached the address: that confirms it as well as a verification link would.
        await users.MarkEmailVerifiedAsync(user.Id, cancellationToken);
        await personAudit.RecordAsync(context, user, AuditActors.PasswordReset, string.Empty, StatusCodes.Status204NoContent, cancellationToken);

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal principal, UserStore users, MembershipStore memberships, CancellationToken cancellationToken)
    {
        if (await Persons.FindAsync(principal, users, cancellationToken) is not { } user)
        {
            return Persons.Required();
        }

        var tenants = await memberships.ListForUserAsync(user.Id, cancellationToken);
        return TypedResults.Ok(new AccountResponse(user.Id, user.Email, user.EmailVerified, user.PasswordHash is not null, user.TotpEnabled,
            user.TotpEnabled ? await users.CountRecoveryCodesAsync(user.Id, cancellationToken) : 0, user.Operator,
            [.. tenants.Select(t => new TenantChoice(t.TenantId, t.TenantName, t.Role.Name(), t.Suspended))]));
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> ChangePasswordAsync(
        PasswordChange request, HttpContext context, ClaimsPrincipal principal, UserStore users, Passwords passwords,
        PersonSessions sessions, PersonAudit personAudit, CancellationToken cancellationToken)
    {
        if (await Persons.FindAsync(principal, users, cancellationToken) is not { } user)
        {
            return Persons.Required();
        }

        // An account made by OpenID Connect has no password yet; it may set one without a current one.
        if (user.PasswordHash is not null && !passwords.Verify(user, request?.CurrentPassword ?? string.Empty).Valid)
        {
            return ProblemTypes.Create(StatusCodes.Status403Forbidden, "wrong-password", "Wrong password", "'currentPassword' is not this account's password.", "$.currentPassword");
        }

        if (passwords.Problem(request?.NewPassword, user.Email) is { } weak)
        {
            return ProblemTypes.InvalidRequest(weak, "$.newPassword");
        }

        await users.SetPasswordAsync(user.Id, passwords.Hash(request!.NewPassword!), cancellationToken);
        await personAudit.RecordAsync(context, user, AuditActors.PasswordChanged, string.Empty, StatusCodes.Status200OK, cancellationToken);

        var renewed = await users.FindAsync(user.Id, cancellationToken);
        return await sessions.StartAsync(context, renewed!, principal.FindFirstValue(Authentication.PlatformClaims.TenantId), cancellationToken) is { } session
            ? TypedResults.Ok(session)
            : ProblemTypes.TenantSuspended();
    }

    private static async Task<bool> TrySendAsync(Func<Task> send, ILoggerFactory logs)
    {
        try
        {
            await send();
            return true;
        }
        catch (SmtpTransportException ex)
        {
            LogMailFailed(logs.CreateLogger(typeof(AccountApi)), ex.Message);
            return false;
        }
    }

    internal static ProblemHttpResult MailUnavailable() =>
        ProblemTypes.Create(StatusCodes.Status503ServiceUnavailable, "mail-unavailable", "Mail could not be sent",
            "The platform's mail server (Alerts:Smtp) did not take the message; try again later or tell the operator.");

    private static ProblemHttpResult InvalidToken() =>
        ProblemTypes.Create(StatusCodes.Status400BadRequest, "invalid-token", "Link not valid", "This link is unknown, used or expired; ask for a new one.", "$.token");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account mail not sent: {Reason}")]
    private static partial void LogMailFailed(ILogger logger, string reason);
}
