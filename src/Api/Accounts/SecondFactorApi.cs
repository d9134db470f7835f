using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>A person's second factor: TOTP enrolment with recovery codes, new codes, turning it off.</summary>
public static class SecondFactorApi
{
    public static void MapSecondFactor(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/account/totp").WithTags("Account").RequireAccess(RouteAccess.SignedIn)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", BeginAsync).WithName("BeginTotp")
            .WithSummary("Start setting up TOTP: a new secret and its otpauth:// URI for the authenticator app; confirm with a code to turn it on")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/confirm", ConfirmAsync).WithName("ConfirmTotp")
            .WithSummary("Turn TOTP on with a code from the app; returns ten recovery codes, shown only now")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/recovery-codes", RenewCodesAsync).WithName("RenewRecoveryCodes")
            .WithSummary("Replace the recovery codes (a current TOTP code required); returns the new ones, shown only now")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/disable", DisableAsync).WithName("DisableTotp")
            .WithSummary("Turn TOTP off (a current TOTP code or a recovery code required)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<TotpEnrolment>, ProblemHttpResult>> BeginAsync(
        ClaimsPrincipal principal, UserStore users, SecondFactor secondFactor, CancellationToken cancellationToken)
    {
        if (await Persons.FindAsync(principal, users, cancellationToken) is not { } user)
        {
            return Persons.Required();
        }

        return user.TotpEnabled
            ? ProblemTypes.Create(StatusCodes.Status409Conflict, "totp-already-enabled", "TOTP already on", "Turn it off first (POST /v1/account/totp/disable) to enrol another app.")
            : TypedResults.Ok(await secondFactor.BeginAsync(user, cancellationToken));
    }

    private static async Task<Results<Ok<RecoveryCodesResponse>, ProblemHttpResult>> ConfirmAsync(
        CodeRequest request, ClaimsPrincipal principal, UserStore users, SecondFactor secondFactor, CancellationToken cancellationToken)
    {
        if (await Persons.FindAsync(principal, users, cancellationToken) is not { } user)
        {
            return Persons.Required();
        }

        if (user.TotpEnabled || user.TotpSecret is null)
        {
            return ProblemTypes.Create(StatusCodes.Status409Conflict, "totp-not-pending", "Nothing to confirm", "Start with POST /v1/account/totp.");
        }

        return await secondFactor.ConfirmAsync(user, request?.Code?.Trim() ?? string.Empty, cancellationToken) is { } codes
            ? TypedResults.Ok(new RecoveryCodesResponse(codes))
            : WrongCode();
    }

    private static async Task<Results<Ok<RecoveryCodesResponse>, ProblemHttpResult>> RenewCodesAsync(
        CodeRequest request, ClaimsPrincipal principal, UserStore users, SecondFactor secondFactor, CancellationToken cancellationToken)
    {
        if (await Persons.FindAsync(principal, users, cancellationToken) is not { } user)
        {
            return Persons.Required();
        }

        if (!user.TotpEnabled)
        {
            return NotEnabled();
        }

        return await secondFactor.VerifyAsync(user, request?.Code, cancellationToken)
            ? TypedResults.Ok(new RecoveryCodesResponse(await secondFactor.NewRecoveryCodesAsync(user.Id, cancellationToken)))
            : WrongCode();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DisableAsync(
        CodeRequest request, ClaimsPrincipal principal, UserStore users, SecondFactor secondFactor, CancellationToken cancellationToken)
    {
        if (await Persons.FindAsync(principal, users, cancellationToken) is not { } user)
        {
            return Persons.Required();
        }

        if (!user.TotpEnabled)
        {
            return NotEnabled();
        }

        if (!await secondFactor.VerifyAsync(user, request?.Code, cancellationToken))
        {
            return WrongCode();
        }

        await secondFactor.DisableAsync(user, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotEnabled() =>
        ProblemTypes.Create(StatusCodes.Status409Conflict, "totp-not-enabled", "TOTP is off", "This account has no second factor; set one up with POST /v1/account/totp.");

    private static ProblemHttpResult WrongCode() =>
        ProblemTypes.Create(StatusCodes.Status400BadRequest, "second-factor-failed", "Wrong code", "That code is wrong, expired or already used.", "$.code");
}
