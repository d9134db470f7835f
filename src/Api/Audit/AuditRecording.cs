using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;

namespace TlsRptPlatform.Api.Audit;

/// <summary>
/// Records every state-changing request a tenant key or session makes to a tenant route, in one place instead of in
/// every handler. The record is written as the response starts, so a change the caller sees acknowledged is in the
/// log; refused attempts (403 insufficient-scope, 404, 409 …) are recorded with their status too. "What" is the route
/// pattern, its route values and the <c>Location</c> answered — never the body, which may carry secrets.
/// </summary>
public sealed class AuditRecording(RequestDelegate next, AuditLog audit)
{
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ShouldRecord(context, out var endpoint))
        {
            context.Response.OnStarting(() => audit.RecordAsync(
                context, $"{context.Request.Method} {endpoint.RoutePattern.RawText}", Target(context), context.Response.StatusCode));
        }

        return next(context);
    }

    private static bool ShouldRecord(HttpContext context, out RouteEndpoint endpoint)
    {
        endpoint = null!;
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
            || context.GetEndpoint() is not RouteEndpoint route
            || route.Metadata.GetMetadata<RouteAccessMetadata>()?.Access is not (RouteAccess.Read or RouteAccess.Analyze or RouteAccess.Write or RouteAccess.Admin or RouteAccess.Owner)
            || !context.User.HasClaim(c => c.Type == PlatformClaims.TenantId))
        {
            return false;
        }

        endpoint = route;
        return true;
    }

    private static string Target(HttpContext context)
    {
        var parts = context.Request.RouteValues
            .Where(v => v.Value is not null)
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => $"{v.Key}={Convert.ToString(v.Value, CultureInfo.InvariantCulture)}")
            .ToList();
        if (context.Response.Headers[HeaderNames.Location].ToString() is { Length: > 0 } location)
        {
            parts.Add("location=" + location);
        }

        return string.Join(' ', parts);
    }
}
