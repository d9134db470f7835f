using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Orleans;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Api.Audit;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Domains;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Members;

/// <summary>The tenant itself: its name and security setting, and — for an owner — deleting it with all its data.</summary>
public static partial class TenantApi
{
    public static void MapTenant(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tenant").WithTags("Members").RequireAuthorization(PlatformClaims.TenantPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", GetAsync).RequireAccess(RouteAccess.Read).WithName("GetTenant").WithSummary("The tenant the caller acts for, with its security setting");
        group.MapPut("/security", SetSecurityAsync).RequireAccess(RouteAccess.Admin).WithName("SetTenantSecurity")
            .WithSummary("Require (or stop requiring) a second factor of every member: members without TOTP see no data until they set it up")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/", DeleteAsync).RequireAccess(RouteAccess.Owner).WithName("DeleteTenant")
            .WithSummary("Delete the tenant with every domain, report, key, member, alert and audit record (owner only; cannot be undone)")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> GetAsync(ClaimsPrincipal user, TenantStore tenants, CancellationToken cancellationToken)
    {
        var tenant = await tenants.FindAsync(user.TenantIdOf(), cancellationToken);
        return tenant is null
            ? ProblemTypes.Create(StatusCodes.Status404NotFound, "tenant-not-found", "Tenant not found", "The tenant no longer exists.")
            : TypedResults.Ok(new TenantResponse(tenant.Id, tenant.Name, await tenants.RequiresSecondFactorAsync(tenant.Id, cancellationToken)));
    }

    private static async Task<Results<Ok<TenantResponse>, ProblemHttpResult>> SetSecurityAsync(
        TenantSecurity request, HttpContext context, ClaimsPrincipal user, TenantStore tenants, AuditLog audit, CancellationToken cancellationToken)
    {
        if (request?.RequireSecondFactor is not { } required)
        {
            return ProblemTypes.InvalidRequest("'requireSecondFactor' (true or false) is required.", "$.requireSecondFactor");
        }

        await tenants.SetRequiresSecondFactorAsync(user.TenantIdOf(), required, cancellationToken);
        await audit.RecordAsync(context, AuditActors.TenantSecurityChanged, $"requireSecondFactor={required.ToString().ToLowerInvariant()}", StatusCodes.Status200OK);
        return await GetAsync(user, tenants, cancellationToken);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ClaimsPrincipal user, TenantStore tenants, DomainStore domains, IGrainFactory grains, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var tenant = user.TenantIdOf();
        // Each domain goes through its grain, which owns its state, reminders and reports, exactly as DELETE /v1/domains/{name}.
        foreach (var domain in await domains.ListByTenantAsync(tenant, cancellationToken))
        {
            await grains.GetGrain<IDomainGrain>(domain.Name).DeleteAsync(tenant);
        }

        if (!await tenants.DeleteAsync(tenant, cancellationToken))
        {
            return ProblemTypes.Create(StatusCodes.Status409Conflict, "tenant-not-empty", "Tenant still has domains",
                "A domain was registered while the tenant was being deleted; delete again.");
        }

        LogDeleted(logs.CreateLogger(typeof(TenantApi)), tenant, user.FindFirstValue(PlatformClaims.UserId));
        return TypedResults.NoContent();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {TenantId} deleted by its owner {UserId}")]
    private static partial void LogDeleted(ILogger logger, string tenantId, string? userId);
}
