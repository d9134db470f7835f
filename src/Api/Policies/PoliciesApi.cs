using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Domains;
using TlsRptPlatform.Api.Problems;

namespace TlsRptPlatform.Api.Policies;

/// <summary>A domain's DNS policies (TLS-RPT, MTA-STS, MX, DANE): check now, current state, history of changes.</summary>
public static class PoliciesApi
{
    public static RouteGroupBuilder MapPolicies(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/domains/{name}").WithTags("Policies").RequireAuthorization(PlatformClaims.TenantPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/checks", CheckAsync)
            .WithSummary("Check the domain's TLS-RPT, MTA-STS, MX and DANE records now and return the result")
            .WithDescription("Also updates `verified`: a domain is verified while its TLS-RPT record contains its report address.");
        group.MapGet("/policy", PolicyAsync).WithSummary("The domain's policies as the last check saw them, with findings and fixes");
        group.MapGet("/policy/history", HistoryAsync).WithSummary("Changes to the domain's policies, newest first");
        return group;
    }

    private static async Task<Results<Ok<PolicySnapshot>, ProblemHttpResult>> CheckAsync(string name, ClaimsPrincipal user, IGrainFactory grains)
    {
        var grain = DomainsApi.Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var snapshot = await grain!.CheckPolicyAsync(user.TenantIdOf());
        return snapshot is null ? DomainsApi.NotFound(key) : TypedResults.Ok(snapshot);
    }

    private static async Task<Results<Ok<PolicySnapshot>, ProblemHttpResult>> PolicyAsync(string name, ClaimsPrincipal user, IGrainFactory grains)
    {
        var grain = DomainsApi.Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var view = await grain!.GetPolicyAsync(user.TenantIdOf());
        if (view is null)
        {
            return DomainsApi.NotFound(key);
        }

        return view.Current is null
            ? ProblemTypes.Create(StatusCodes.Status404NotFound, "policy-not-checked", "Not checked yet",
                $"'{key}' has not been checked yet; POST /v1/domains/{key}/checks runs a check now.")
            : TypedResults.Ok(view.Current);
    }

    private static async Task<Results<Ok<IReadOnlyList<PolicyHistoryEntry>>, ProblemHttpResult>> HistoryAsync(string name, ClaimsPrincipal user, IGrainFactory grains)
    {
        var grain = DomainsApi.Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var view = await grain!.GetPolicyAsync(user.TenantIdOf());
        return view is null ? DomainsApi.NotFound(key) : TypedResults.Ok(view.History);
    }
}
