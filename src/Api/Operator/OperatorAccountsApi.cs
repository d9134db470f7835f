using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Accounts;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Operator;

/// <summary><c>POST /v1/admin/operators</c>: the admin key's way to the first operator account (the console's is <c>create-operator</c>).</summary>
public static class OperatorAccountsApi
{
    public static void MapOperatorAccounts(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/admin/operators", CreateAsync).WithTags("Operator").RequireAuthorization(PlatformClaims.AdminPolicy).RequireAccess(RouteAccess.Operator)
            .WithName("Operator_CreateOperator")
            .WithSummary("Make an address an operator's account (created if new) and return a single-use link to set its password")
            .WithDescription("The link works once, for 24 hours; hand it to the person over a channel you trust. Calling again for the same address gives a new link.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<OperatorAccountResponse>, ProblemHttpResult>> CreateAsync(
        EmailRequest request, OperatorAccounts operators, IOptions<PlatformOptions> platform, CancellationToken cancellationToken)
    {
        if (!Emails.IsPlausible(request?.Email))
        {
            return ProblemTypes.InvalidRequest("'email' must be an e-mail address.", "$.email");
        }

        var (user, created, link) = await operators.CreateAsync(request!.Email!, platform.Value.PublicBaseUrl, cancellationToken);
        return TypedResults.Ok(new OperatorAccountResponse(user.Id, user.Email, created, link, DateTimeOffset.UtcNow + OperatorAccounts.LinkLifetime));
    }
}

/// <param name="PasswordLink">Single-use link to choose the account's password; shown only now.</param>
public sealed record OperatorAccountResponse(string UserId, string Email, bool Created, string PasswordLink, DateTimeOffset LinkExpiresAt);
