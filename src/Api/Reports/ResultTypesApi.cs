using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Api.Reports;

/// <summary>What each failure result type means and how to fix it, served from the one place the product keeps it.</summary>
public static class ResultTypesApi
{
    public static RouteHandlerBuilder MapResultTypes(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/result-types", () => TypedResults.Ok(ResultTypes.All))
            .WithTags("Reports").WithName("ListResultTypes").RequireAuthorization(PlatformClaims.TenantPolicy).RequireAccess(RouteAccess.Read)
            .WithSummary("What each failure result type means and how to fix it")
            .WithDescription("The result types of RFC 8460 §4.3 with a sentence on their meaning and one on the fix. The dashboard, the weekly digest and alerts use the same text. Result types a sender invents are not listed; show them as they are.")
            .Produces<IReadOnlyList<ResultTypeMeaning>>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
