using Microsoft.AspNetCore.Http;

namespace TlsRptPlatform.Api.Hosting;

/// <summary>
/// Browser hardening on every response. The dashboard shows values from anonymous reports, so a script that slipped
/// past escaping must still find nothing to run: the policy allows only the dashboard's own files, no inline script,
/// style or event handler, and no framing (click-jacking). API answers carry the same headers; they cost nothing there.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self'; frame-ancestors 'none'";

    // The API reference (Scalar) starts itself with an inline module script and injects its styles. It shows only our
    // own OpenAPI document, never tenant data, so inline code is tolerated on that page alone.
    public const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

    public const string ApiReferencePath = "/docs/api";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // On starting, not now: the exception handler clears the headers of a failed response before it writes its own.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiReferencePath, StringComparison.OrdinalIgnoreCase)
                ? ApiReferencePolicy
                : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
