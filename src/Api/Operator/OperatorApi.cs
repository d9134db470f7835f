using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Audit;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.OpenApi;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Api.Tenants;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Api.Operator;

/// <summary>
/// The operator console (issue 13): every tenant with its usage, suspending and resuming a tenant, and its domain
/// quota. The platform admin key only; a tenant's keys, whatever their scope, are refused.
/// </summary>
public static class OperatorApi
{
    public const int MaxDomainsLimit = 1_000_000;

    private static readonly TenantUsageResponse Example = new(
        "t_1fde83e020b478f90f280c67", "Acme", new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), "active", null,
        12, 1000, null, 4_210, 31, 148, 143.57, 5_883_904);

    public static void MapOperator(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/admin/tenants").WithTags("Operator").RequireAuthorization(PlatformClaims.AdminPolicy)
            .RequireAccess(RouteAccess.Operator)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("Operator_ListTenants").WithSummary("Every tenant with its status, quota and usage (admin key required)")
            .WithDescription("`domains`: registered domains. `reportsStored`: reports archived for them (kept for `Retention:Days`). `reportsToday`, `reportsYesterday`: received on the current and the previous UTC day; `reportsPerDay`: average of the seven whole UTC days before today. `storedBytes`: the archived raw reports as stored (gzip-compressed), not counting aggregates and indexes. `maxDomains`: the quota in force; `maxDomainsOverride`: the tenant's own, or null for `Tenants:MaxDomains`.")
            .WithResponseExample(StatusCodes.Status200OK, new[] { Example });
        group.MapGet("/{id}", GetAsync).WithName("Operator_GetTenant").WithSummary("One tenant with its status, quota and usage (admin key required)")
            .WithDescription("The same figures as the list, for one tenant.")
            .WithResponseExample(StatusCodes.Status200OK, Example)
            .WithProblemExample(StatusCodes.Status404NotFound, "tenant-not-found", "There is no tenant t_1fde83e020b478f90f280c67.");
        group.MapPost("/{id}/suspend", SuspendAsync).WithName("Operator_SuspendTenant").WithSummary("Suspend a tenant: its keys and dashboard sign-ins are refused, its reports still accepted")
            .WithDescription("The tenant's API keys get 403 `tenant-suspended` on every tenant route, its dashboard sessions end and sign-in is refused with 403 `tenant-suspended`. Reports sent to its domains over HTTPS and SMTP are still accepted and stored: senders see no difference. Takes effect at once on the process that answers and within a minute on the others (their authentication cache). Suspending a suspended tenant keeps the first `suspendedAt`. Recorded in the tenant's audit log.")
            .WithResponseExample(StatusCodes.Status200OK, Example with { Status = "suspended", SuspendedAt = new DateTimeOffset(2026, 11, 30, 22, 0, 0, TimeSpan.Zero) })
            .WithProblemExample(StatusCodes.Status404NotFound, "tenant-not-found", "There is no tenant t_1fde83e020b478f90f280c67.");
        group.MapPost("/{id}/resume", ResumeAsync).WithName("Operator_ResumeTenant").WithSummary("Resume a suspended tenant: its keys work again")
            .WithDescription("Its keys are accepted again (at once on this process, within a minute on the others); sessions ended by the suspension stay ended, people sign in again. Recorded in the tenant's audit log.")
            .WithResponseExample(StatusCodes.Status200OK, Example)
            .WithProblemExample(StatusCodes.Status404NotFound, "tenant-not-found", "There is no tenant t_1fde83e020b478f90f280c67.");
        group.MapPut("/{id}/quota", SetQuotaAsync).WithName("Operator_SetTenantQuota").WithSummary("Set a tenant's own domain quota, or null for Tenants:MaxDomains")
            .WithDescription("A quota below the tenant's current domain count removes nothing; it only refuses further registrations (409 `domain-quota-reached`). Recorded in the tenant's audit log.")
            .WithRequestExample(new { maxDomains = 5000 })
            .WithResponseExample(StatusCodes.Status200OK, Example with { MaxDomains = 5000, MaxDomainsOverride = 5000 })
            .WithProblemExample(StatusCodes.Status400BadRequest, "invalid-request", "'maxDomains' is null (use Tenants:MaxDomains) or a whole number from 0 to 1000000.", "$.maxDomains")
            .WithProblemExample(StatusCodes.Status404NotFound, "tenant-not-found", "There is no tenant t_1fde83e020b478f90f280c67.");
    }

    private static async Task<Ok<TenantUsageResponse[]>> ListAsync(
        TenantStore tenants, TenantUsageStore usage, IOptions<TenantQuotaOptions> quotas, TimeProvider time, CancellationToken cancellationToken)
    {
        var all = await tenants.ListAsync(cancellationToken);
        var measured = await usage.MeasureAsync(null, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(all.Select(t => TenantUsageResponse.Describe(t, measured.GetValueOrDefault(t.Id), quotas.Value.MaxDomains)).ToArray());
    }

    private static async Task<Results<Ok<TenantUsageResponse>, ProblemHttpResult>> GetAsync(
        string id, TenantStore tenants, TenantUsageStore usage, IOptions<TenantQuotaOptions> quotas, TimeProvider time, CancellationToken cancellationToken) =>
        await DescribeAsync(id, tenants, usage, quotas, time, cancellationToken) is { } tenant ? TypedResults.Ok(tenant) : TenantNotFound(id);

    private static async Task<Results<Ok<TenantUsageResponse>, ProblemHttpResult>> SuspendAsync(
        string id, HttpContext context, TenantStore tenants, TenantSuspensions suspensions, TenantUsageStore usage, AuditLog audit,
        IOptions<TenantQuotaOptions> quotas, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await tenants.SetSuspendedAsync(id, time.GetUtcNow(), cancellationToken))
        {
            return TenantNotFound(id);
        }

        suspensions.Forget(id);
        await audit.RecordAsync(context, id, AuditActors.Operator, null, null, AuditActors.Suspended, "id=" + id, StatusCodes.Status200OK);
        return TypedResults.Ok((await DescribeAsync(id, tenants, usage, quotas, time, cancellationToken))!);
    }

    private static async Task<Results<Ok<TenantUsageResponse>, ProblemHttpResult>> ResumeAsync(
        string id, HttpContext context, TenantStore tenants, TenantSuspensions suspensions, TenantUsageStore usage, AuditLog audit,
        IOptions<TenantQuotaOptions> quotas, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await tenants.SetSuspendedAsync(id, null, cancellationToken))
        {
            return TenantNotFound(id);
        }

        suspensions.Forget(id);
        await audit.RecordAsync(context, id, AuditActors.Operator, null, null, AuditActors.Resumed, "id=" + id, StatusCodes.Status200OK);
        return TypedResults.Ok((await DescribeAsync(id, tenants, usage, quotas, time, cancellationToken))!);
    }

    private static async Task<Results<Ok<TenantUsageResponse>, ProblemHttpResult>> SetQuotaAsync(
        string id, SetTenantQuota request, HttpContext context, TenantStore tenants, TenantUsageStore usage, AuditLog audit,
        IOptions<TenantQuotaOptions> quotas, TimeProvider time, CancellationToken cancellationToken)
    {
        var maxDomains = request?.MaxDomains;
        if (maxDomains is < 0 or > MaxDomainsLimit)
        {
            return ProblemTypes.InvalidRequest($"'maxDomains' is null (use Tenants:MaxDomains) or a whole number from 0 to {MaxDomainsLimit}.", "$.maxDomains");
        }

        if (!await tenants.SetMaxDomainsAsync(id, maxDomains, cancellationToken))
        {
            return TenantNotFound(id);
        }

        await audit.RecordAsync(context, id, AuditActors.Operator, null, null, AuditActors.QuotaSet,
            "maxDomains=" + (maxDomains?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"), StatusCodes.Status200OK);
        return TypedResults.Ok((await DescribeAsync(id, tenants, usage, quotas, time, cancellationToken))!);
    }

    private static async Task<TenantUsageResponse?> DescribeAsync(
        string id, TenantStore tenants, TenantUsageStore usage, IOptions<TenantQuotaOptions> quotas, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenant = await tenants.FindAsync(id, cancellationToken);
        if (tenant is null)
        {
            return null;
        }

        var measured = await usage.MeasureAsync(id, time.GetUtcNow(), cancellationToken);
        return TenantUsageResponse.Describe(tenant, measured.GetValueOrDefault(id), quotas.Value.MaxDomains);
    }

    private static ProblemHttpResult TenantNotFound(string id) =>
        ProblemTypes.Create(StatusCodes.Status404NotFound, "tenant-not-found", "Tenant not found", $"There is no tenant {id}.");
}
