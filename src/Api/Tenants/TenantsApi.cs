using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.OpenApi;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Tenants;

public static class TenantsApi
{
    private const int MaxNameLength = 200;

    public static RouteGroupBuilder MapTenants(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tenants").WithTags("Tenants").RequireAuthorization(PlatformClaims.AdminPolicy)
            .RequireAccess(RouteAccess.Operator);
        group.MapPost("/", CreateAsync)
            .WithSummary("Create a tenant (admin key required)")
            .WithDescription("Returns the tenant's first API key. The key is shown only in this response; the platform keeps its hash.")
            .WithRequestExample(new { name = "Acme" })
            .WithResponseExample(StatusCodes.Status201Created, new CreatedTenant("t_1fde83e020b478f90f280c67", "Acme", "tlsrpt_bIDve_rC0gqiQSAdg45GHIIw_z6dalekbJGWbLzwlfY"))
            .WithProblemExample(StatusCodes.Status400BadRequest, "invalid-request", "'name' is required and has at most 200 characters.", "$.name")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    private static async Task<Results<Created<CreatedTenant>, ProblemHttpResult>> CreateAsync(CreateTenant request, TenantStore tenants, CancellationToken cancellationToken)
    {
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return ProblemTypes.InvalidRequest($"'name' is required and has at most {MaxNameLength} characters.", "$.name");
        }

        var (tenant, apiKey) = await tenants.CreateAsync(name, cancellationToken);
        return TypedResults.Created($"/v1/tenants/{tenant.Id}", new CreatedTenant(tenant.Id, tenant.Name, apiKey));
    }
}

public sealed record CreateTenant(string? Name);

public sealed record CreatedTenant(string Id, string Name, string ApiKey);
