using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Abstractions.MtaSts;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Domains;
using TlsRptPlatform.Api.OpenApi;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Protocol.Domains;
using TlsRptPlatform.Protocol.Policies;

namespace TlsRptPlatform.Api.MtaSts;

/// <summary>
/// A domain's hosted MTA-STS policy (edit, records to publish) and its road to enforce (readiness, the switch). Another
/// tenant's domain is 404, like one that does not exist.
/// </summary>
public static class MtaStsApi
{
    public static RouteGroupBuilder MapMtaSts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/domains/{name}/mta-sts").WithTags("MTA-STS").RequireAuthorization(PlatformClaims.TenantPolicy).RequireAccessByMethod()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/policy", GetAsync).WithName("MtaSts_GetPolicy")
            .WithSummary("The domain's hosted MTA-STS policy, with the two DNS records to publish and whether DNS shows them")
            .WithDescription("`records`: `mta-sts.<domain> CNAME <Platform:PolicyHost>` and `_mta-sts.<domain> TXT \"v=STSv1; id=<id>\"`, each with "
                + "`published` (true, false, or null when the lookup failed) and what DNS answers now (`observed`). `text` is the policy file as served. "
                + "A domain without a hosted policy is `404 mtasts-policy-not-hosted` with a `draft` pre-filled from its MX records.")
            .WithResponseExample(StatusCodes.Status200OK, MtaStsExamples.Policy)
            .WithProblemExample(StatusCodes.Status404NotFound, "mtasts-policy-not-hosted", "The platform hosts no MTA-STS policy for 'example.com'.");
        group.MapPut("/policy", PutAsync).WithName("MtaSts_PutPolicy")
            .WithSummary("Create or replace the domain's hosted MTA-STS policy; every change gets a new policy id")
            .WithDescription("Body `{\"mode\",\"mx\",\"maxAge\"}`: mode `testing` (default), `enforce` or `none`; `mx` 1–32 patterns (a host name, or `*.` and a "
                + "host name: the wildcard only as the whole left-most label), left out to take the MX hosts of the last DNS check; `maxAge` "
                + "86400–31557600 seconds (default 604800). Saving the same policy again keeps its id. The answer is the policy with its new `id` "
                + "and the `records` to publish: publish the TXT record after `MtaSts:PolicyCacheDuration` (every policy host serves the change by then).")
            .WithRequestExample(MtaStsExamples.Request)
            .WithResponseExample(StatusCodes.Status200OK, MtaStsExamples.Policy)
            .WithProblemExample(StatusCodes.Status400BadRequest, "invalid-request", "'*.*.example.com': '*' may only stand for the whole left-most label, as in *.example.com.", "$.mx[0]")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/policy", DeleteAsync).WithName("MtaSts_DeletePolicy")
            .WithSummary("Stop hosting the domain's MTA-STS policy")
            .WithDescription("The policy host answers 404 for the domain from then on (after `MtaSts:PolicyCacheDuration` on other processes). "
                + "Withdraw a policy senders enforce by serving mode `none` for a `max_age` first (RFC 8461 §8.3), then delete it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/readiness", ReadinessAsync).WithName("MtaSts_Readiness")
            .WithSummary("Whether the domain's reports say that switching its MTA-STS policy from testing to enforce is safe")
            .WithDescription("`{ready, since, source, mode, basis, from, to, checks[{name, passed, evidence, refused}]}` for the hosted policy, or the external one "
                + "the last DNS check fetched. Checks: `testing-period` (at least `MtaSts:Readiness:Days` days in testing; `MtaSts:Readiness:TimeOnlyDays` on the "
                + "`time-only` basis), `reporters` (at least two organizations' reports cover the window; fewer: time-only basis), `sts-failure-rate` "
                + "(at most `MtaSts:Readiness:MaxFailureRate` %; `refused` names the sessions enforce would have refused by result type, MX and reporter), "
                + "`mx-coverage` (every MX in DNS and in the reports matches an mx pattern), `mx-certificates` (the MX probe saw valid certificates), "
                + "`policy-host-certificate` (valid 30 more days), `policy-published` (the TXT id is the hosted policy's).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/enforce", EnforceAsync).WithName("MtaSts_Enforce")
            .WithSummary("Switch the hosted policy to enforce in one step (new id); refused while readiness checks fail unless force=true")
            .WithDescription("The answer is the policy with its new `id` and the TXT record to publish. `409 mtasts-not-ready` carries the `readiness` "
                + "whose checks did not pass. A policy already in enforce is returned unchanged.")
            .WithProblemExample(StatusCodes.Status409Conflict, "mtasts-not-ready", "Not every readiness check passes: testing-period, sts-failure-rate.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<HostedPolicy>, NoContent, ProblemHttpResult>> GetAsync(string name, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!TryKey(name, out var key, out var problem))
        {
            return problem;
        }

        return Answer(key, await grains.GetGrain<IMtaStsGrain>(key).GetAsync(user.TenantIdOf()));
    }

    private static async Task<Results<Ok<HostedPolicy>, NoContent, ProblemHttpResult>> PutAsync(
        string name, HostedPolicyRequest request, ClaimsPrincipal user, IGrainFactory grains, HostedPolicyCache cache)
    {
        if (!TryKey(name, out var key, out var problem))
        {
            return problem;
        }

        var mode = request?.Mode ?? "testing";
        var maxAge = request?.MaxAge ?? HostedPolicyRules.DefaultMaxAge;
        IReadOnlyList<string>? patterns = null;
        if (request?.Mx is not null)
        {
            if (!HostedPolicyRules.TryValidate(mode, request.Mx, maxAge, out patterns, out var error, out var path))
            {
                return ProblemTypes.InvalidRequest(error, path);
            }
        }
        else if (!HostedPolicyRules.TryValidateSettings(mode, maxAge, out var error, out var path))
        {
            return ProblemTypes.InvalidRequest(error, path);
        }

        var result = await grains.GetGrain<IMtaStsGrain>(key).PutAsync(user.TenantIdOf(), new HostedPolicyDraft(mode, patterns, maxAge));
        cache.Forget(key);
        return result.Outcome == HostedPolicyOutcome.NoMxToPrefill
            ? ProblemTypes.InvalidRequest($"'mx' was left out, and the last DNS check of '{key}' saw no MX host to take; list the patterns, or run POST /v1/domains/{key}/checks first.", "$.mx")
            : Answer(key, result);
    }

    private static async Task<Results<Ok<HostedPolicy>, NoContent, ProblemHttpResult>> DeleteAsync(string name, ClaimsPrincipal user, IGrainFactory grains, HostedPolicyCache cache)
    {
        if (!TryKey(name, out var key, out var problem))
        {
            return problem;
        }

        var result = await grains.GetGrain<IMtaStsGrain>(key).DeleteAsync(user.TenantIdOf());
        cache.Forget(key);
        return Answer(key, result);
    }

    private static async Task<Results<Ok<MtaStsReadiness>, ProblemHttpResult>> ReadinessAsync(string name, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!TryKey(name, out var key, out var problem))
        {
            return problem;
        }

        var readiness = await grains.GetGrain<IMtaStsGrain>(key).GetReadinessAsync(user.TenantIdOf());
        return readiness is null ? DomainsApi.NotFound(key) : TypedResults.Ok(readiness);
    }

    private static async Task<Results<Ok<HostedPolicy>, NoContent, ProblemHttpResult>> EnforceAsync(
        string name, bool? force, ClaimsPrincipal user, IGrainFactory grains, HostedPolicyCache cache)
    {
        if (!TryKey(name, out var key, out var problem))
        {
            return problem;
        }

        var result = await grains.GetGrain<IMtaStsGrain>(key).EnforceAsync(user.TenantIdOf(), force ?? false);
        cache.Forget(key);
        if (result.Outcome == HostedPolicyOutcome.NotReady)
        {
            var failed = result.Readiness!.Checks.Where(c => !c.Passed).Select(c => c.Name);
            var notReady = ProblemTypes.Create(StatusCodes.Status409Conflict, "mtasts-not-ready", "Not ready for enforce",
                $"Not every readiness check passes: {string.Join(", ", failed)}. Fix them and wait, or switch with force=true.");
            notReady.ProblemDetails.Extensions["readiness"] = result.Readiness;
            return notReady;
        }

        return Answer(key, result);
    }

    private static Results<Ok<HostedPolicy>, NoContent, ProblemHttpResult> Answer(string key, HostedPolicyResult result) => result.Outcome switch
    {
        HostedPolicyOutcome.Ok => TypedResults.Ok(result.Policy!),
        HostedPolicyOutcome.Deleted => TypedResults.NoContent(),
        HostedPolicyOutcome.NotHosted => NotHosted(key, result.Draft),
        _ => DomainsApi.NotFound(key),
    };

    private static ProblemHttpResult NotHosted(string key, HostedPolicyDraft? draft)
    {
        var problem = ProblemTypes.Create(StatusCodes.Status404NotFound, "mtasts-policy-not-hosted", "No hosted MTA-STS policy",
            $"The platform hosts no MTA-STS policy for '{key}'; PUT /v1/domains/{key}/mta-sts/policy creates one ('draft' is a start).");
        problem.ProblemDetails.Extensions["draft"] = draft;
        return problem;
    }

    private static bool TryKey(string name, out string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        if (DomainName.TryNormalize(name, out var normalized, out _))
        {
            (key, problem) = (normalized, null);
            return true;
        }

        (key, problem) = (name, DomainsApi.NotFound(name));
        return false;
    }
}
