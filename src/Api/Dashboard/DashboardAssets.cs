using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Api.Authorization;

namespace TlsRptPlatform.Api.Dashboard;

/// <summary>
/// The dashboard: one page and its script and styles, embedded in this assembly, so that <c>dotnet run</c> serves the
/// whole UI with no Node.js, no CDN and no internet. It talks to the same <c>/v1</c> API as everyone else.
/// </summary>
public static class DashboardAssets
{
    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["chart.js"] = "text/javascript; charset=utf-8",
        ["overview.js"] = "text/javascript; charset=utf-8",
        ["domain.js"] = "text/javascript; charset=utf-8",
        ["report.js"] = "text/javascript; charset=utf-8",
        ["settings.js"] = "text/javascript; charset=utf-8",
        ["people.js"] = "text/javascript; charset=utf-8",
        ["operator.js"] = "text/javascript; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
    };

    public static void MapDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => Asset("index.html")).ExcludeFromDescription().AllowAnonymousAccess();
        routes.MapGet("/ui/{file}", (string file) => Asset(file)).ExcludeFromDescription().AllowAnonymousAccess();
    }

    private static IResult Asset(string file)
    {
        if (!Files.TryGetValue(file, out var contentType))
        {
            return Results.NotFound();
        }

        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dashboard/" + file);
        return stream is null ? Results.NotFound() : Results.Stream(stream, contentType);
    }
}
