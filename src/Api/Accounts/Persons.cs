using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>The account behind a person's session; keys and the admin key have none.</summary>
public static class Persons
{
    public static async Task<UserRecord?> FindAsync(ClaimsPrincipal user, UserStore users, CancellationToken cancellationToken) =>
        user.FindFirstValue(PlatformClaims.UserId) is { } id ? await users.FindAsync(id, cancellationToken) : null;

    public static ProblemHttpResult Required() =>
        ProblemTypes.Create(StatusCodes.Status403Forbidden, "person-required", "A person's session is required",
            "This is about a person's own account: sign in with e-mail and password (or OpenID Connect), not with an API key.");
}
