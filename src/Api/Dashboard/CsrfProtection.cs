using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Problems;

namespace TlsRptPlatform.Api.Dashboard;

/// <summary>
/// Requests authenticated by the dashboard's session cookie must carry the session's token in <c>X-CSRF-Token</c>
/// when they change state; a cross-site form or script cannot read it. Bearer-key requests are not affected.
/// </summary>
public sealed class CsrfProtection(RequestDelegate next)
{
    public const string Header = "X-CSRF-Token";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var expected = context.User.FindFirstValue(PlatformClaims.SessionCsrf);
        if (expected is not null && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && !string.Equals(context.Request.Headers[Header].ToString(), expected, StringComparison.Ordinal))
        {
            await ProblemTypes.Create(StatusCodes.Status403Forbidden, "csrf-token-invalid", "CSRF token missing or wrong",
                $"Requests signed in with the dashboard cookie send the session's token in {Header}.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
