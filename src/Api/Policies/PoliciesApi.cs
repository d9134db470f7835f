using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Domains;
using TlsRptPlatform.Api.Problems;

namespace TlsRptPlatform.Api.Policies;

/// <summary>A domain's DNS policies (TLS-RPT, MTA-STS, MX, DANE): check now, current state, history of changes.</summary>
public static class PoliciesApi
{
    public static RouteGroupBuilder MapPolicies(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/domains/{name}").WithTags("Policies").RequireAuthorization(PlatformClaims.TenantPolicy).RequireAccessByMethod()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/checks", CheckAsync).RequireAccess(RouteAccess.Analyze)
            .WithSummary("Check the domain's TLS-RPT, MTA-STS, MX and DANE records now and return the result")
            .WithDescription("Also updates `verified`: a domain is verified while its TLS-RPT record contains its report address. "
                + "Then probes every MX host over SMTP (banner, EHLO, STARTTLS, TLS handshake, QUIT; no message is sent) unless "
                + "`MxProbe:Enabled` is false; each MX's `probe` holds the result and the `mx-*` findings say what it means.");
        group.MapGet("/policy", PolicyAsync).WithSummary("The domain's policies as the last check saw them, with findings and fixes")
            .WithDescription("Per MX host: preference, MTA-STS coverage, TLSA records and, once probed, `probe`: for each address "
                + "STARTTLS, TLS version and cipher, the certificate (subject, issuer, names, notAfter, SHA-256), `trusted`, "
                + "`nameMatches`, `daysUntilExpiry` and the DANE match. `probedAt` says when the MX hosts were last probed.");
        group.MapGet("/policy/history", HistoryAsync).WithSummary("Changes to the domain's policies, newest first");
        return group;
    }

    private static async Task<Results<Ok<PolicySnapshot>, ProblemHttpResult>> CheckAsync(string name, ClaimsPrincipal user, IGrainFactory grains)
    {
        _ = DomainsApi.Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var snapshot = await grains.GetGrain<IPolicyCheckGrain>(key).CheckAsync(user.TenantIdOf(), scheduled: false);
        if (snapshot is null)
        {
            return DomainsApi.NotFound(key);
        }

        // The tenant's ownership was checked by the domain grain just now; the probe runs in a grain of its own.
        var probed = await grains.GetGrain<IMxProbeGrain>(key).ProbeAsync(force: true);
        return TypedResults.Ok(probed ?? snapshot);
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
