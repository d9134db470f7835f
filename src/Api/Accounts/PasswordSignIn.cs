using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Audit;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>
/// Signing a person in with e-mail and password: the account's lockout, the password, a verified address, the
/// second factor when the account has one, then the session. Every failure answers the same 401 whether or not the address has an account (a locked account says when it
/// opens again: a lockout is triggered by failures, which an attacker has already caused). Failed attempts are
/// recorded in the audit log of every tenant the account belongs to (<see cref="PersonAudit"/>).
/// </summary>
public sealed class PasswordSignIn(
    UserStore users, Passwords passwords, SecondFactor secondFactor, PersonSessions sessions, PersonAudit audit, IOptions<AccountOptions> options, TimeProvider time)
{
    public async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SignInAsync(HttpContext context, string email, string password, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = Emails.IsPlausible(email) ? await users.FindByEmailAsync(email, cancellationToken) : null;
        if (user?.LockedUntil is { } until && until > time.GetUtcNow())
        {
            passwords.Verify(null, password);
            await RecordFailureAsync(context, user, "account-locked", cancellationToken);
            return Locked(until);
        }

        var (valid, rehash) = passwords.Verify(user, password);
        if (user is null || !valid)
        {
            if (user is not null)
            {
                var locked = await users.RecordFailedSignInAsync(user.Id, options.Value.MaxFailedSignIns, options.Value.LockoutDuration, cancellationToken);
                await RecordFailureAsync(context, user, locked is null ? "wrong-password" : "wrong-password, account locked", cancellationToken);
                if (locked is { } lockedUntil)
                {
                    return Locked(lockedUntil);
                }
            }

            return ProblemTypes.Create(StatusCodes.Status401Unauthorized, "sign-in-failed", "Sign-in failed", "Wrong e-mail address or password.", "$.password");
        }

        if (!user.EmailVerified)
        {
            return ProblemTypes.Create(StatusCodes.Status403Forbidden, "email-not-verified", "E-mail address not confirmed",
                "Confirm the address with the link mailed to it first; POST /v1/account/verification sends a new one.");
        }

        if (user.TotpEnabled)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                return ProblemTypes.Create(StatusCodes.Status401Unauthorized, "second-factor-required", "Code required",
                    "This account has a second factor: send the 6-digit code from the authenticator app, or a recovery code, as `code`.", "$.code");
            }

            if (!await secondFactor.VerifyAsync(user, code, cancellationToken))
            {
                var locked = await users.RecordFailedSignInAsync(user.Id, options.Value.MaxFailedSignIns, options.Value.LockoutDuration, cancellationToken);
                await RecordFailureAsync(context, user, "wrong-code", cancellationToken);
                return locked is { } lockedUntil
                    ? Locked(lockedUntil)
                    : ProblemTypes.Create(StatusCodes.Status401Unauthorized, "second-factor-failed", "Wrong code", "That code is wrong, expired or already used.", "$.code");
            }
        }

        await users.ResetFailedSignInsAsync(user.Id, cancellationToken);
        if (rehash is not null && user.PasswordHash is { } old)
        {
            await users.RehashPasswordAsync(user.Id, old, rehash, cancellationToken);
        }

        return await sessions.StartAsync(context, user, preferredTenant: null, cancellationToken) is { } session
            ? TypedResults.Ok(session)
            : ProblemTypes.TenantSuspended();
    }

    private Task RecordFailureAsync(HttpContext context, UserRecord user, string why, CancellationToken cancellationToken) =>
        audit.RecordAsync(context, user, AuditActors.SignInFailed, why, StatusCodes.Status401Unauthorized, cancellationToken);

    private static ProblemHttpResult Locked(DateTimeOffset until) =>
        ProblemTypes.Create(StatusCodes.Status401Unauthorized, "account-locked", "Account locked",
            $"Too many failed sign-ins: this account is locked until {until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC. Resetting the password opens it at once.");
}
