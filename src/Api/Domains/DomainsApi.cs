using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.OpenApi;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Protocol.Domains;
using TlsRptPlatform.Storage.Domains;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Api.Domains;

/// <summary>The tenant API for domains. Another tenant's domain is answered with 404, never 403, so names do not leak.</summary>
public static class DomainsApi
{
    private const int DefaultReportPage = 100;
    private const int MaxReportPage = 1_000;

    // A deep OFFSET makes the store walk every row before it; no dashboard pages that far.
    private const int MaxReportOffset = 1_000_000;

    private const string FilterDescription =
        "Drill-down: `resultType`, `organization`, `receivingMx`, `sendingIp` (each at most 255 characters, compared exactly; " +
        "together they all apply) keep only that organization's sessions and the failed sessions with that result type, MX and IP. " +
        "With a failure field, failed sessions and reports count the matching failures, successful sessions stay the organization scope's, " +
        "and the failure rate is the matching failures' share of all sessions. Filters read reports archived since release 16.";

    public static RouteGroupBuilder MapDomains(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/domains").WithTags("Domains").RequireAuthorization(PlatformClaims.TenantPolicy).RequireAccessByMethod();

        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/", RegisterAsync).WithSummary("Register a domain and get its report addresses and TLS-RPT record")
            .WithDescription("Publish `tlsRptRecord` as a TXT record at `tlsRptRecordName`. Registering a domain the tenant already holds returns it unchanged (200). At the tenant's domain quota the answer is 409 `domain-quota-reached` with `maxDomains` and `domains`, and nothing is registered.")
            .WithRequestExample(DomainExamples.Register)
            .WithResponseExample(StatusCodes.Status201Created, DomainExamples.Domain)
            .WithProblemExample(StatusCodes.Status400BadRequest, "invalid-domain-name", "'exa mple.com' is not a valid domain name.", "$.name")
            .WithProblemExample(StatusCodes.Status409Conflict, "domain-registered-elsewhere", "'example.com' is registered by another tenant.");
        group.MapGet("/", ListAsync).WithSummary("List the tenant's domains");
        group.MapGet("/{name}", GetAsync).WithSummary("One domain")
            .WithResponseExample(StatusCodes.Status200OK, DomainExamples.Domain)
            .WithProblemExample(StatusCodes.Status404NotFound, "domain-not-found", "'example.com' is not one of your domains.");
        group.MapPatch("/{name}", UpdateAsync).WithSummary("Change a domain's options")
            .WithDescription("`requireDkim`: refuse e-mailed reports (SMTP, IMAP) without a passing DKIM signature. Default: accept them and record the verdict.")
            .WithProblemExample(StatusCodes.Status404NotFound, "domain-not-found", "'example.com' is not one of your domains.");
        group.MapDelete("/{name}", DeleteAsync).WithSummary("Delete a domain with all its reports and aggregates")
            .WithProblemExample(StatusCodes.Status404NotFound, "domain-not-found", "'example.com' is not one of your domains.");
        group.MapGet("/{name}/reporters", ReportersAsync).WithSummary("Every organization that reports on the domain")
            .WithDescription("Newest first: first and last report, reports in the last 30 days, the usual time between reports (median, hours), the channel of the latest report, whether its latest e-mailed report passed DKIM, and `silent`: a regular reporter (5+ reports in 30 days) whose last report is more than two of its usual intervals ago (at least 48 hours) — the same judgement as the overview's silent-reporter item. Read from the domain's newest 10,000 reports; at most the 200 most recent organizations.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/rejections", RejectionsAsync).WithSummary("The most recent refused submissions, newest first")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/summary", SummaryAsync).WithSummary("Totals and failure breakdowns over a range of report start days (inclusive)")
            .WithDescription("`from`/`to` are UTC days (YYYY-MM-DD); `to` defaults to today, `from` to 29 days earlier. Breakdowns count failed sessions; `organizations` gives each organization's successful and failed sessions and failure rate. " + FilterDescription)
            .WithResponseExample(StatusCodes.Status200OK, DomainExamples.Summary)
            .WithProblemExample(StatusCodes.Status400BadRequest, "invalid-request", "'from' is after 'to'.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/daily", DailyAsync).WithSummary("One row per UTC day of the range (at most 1,100 days)")
            .WithDescription(FilterDescription)
            .WithResponseExample(StatusCodes.Status200OK, DomainExamples.Daily)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/reports", ReportsAsync).WithSummary("Reports whose range starts in the given days, newest first")
            .WithDescription("`limit` (1–1,000, default 100) and `offset` page the list. " + FilterDescription)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/reports/{id:long}/raw", RawAsync).WithSummary("A report's JSON exactly as received (after decompression)")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithProblemExample(StatusCodes.Status404NotFound, "report-not-found", "No report with this id exists for the domain.");
        return group;
    }

    private static async Task<Results<Created<DomainResponse>, Ok<DomainResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterDomain request, ClaimsPrincipal user, IGrainFactory grains, ReportAddresses addresses)
    {
        if (!DomainName.TryNormalize(request?.Name, out var name, out var error))
        {
            return ProblemTypes.InvalidDomainName(error);
        }

        var result = await grains.GetGrain<IDomainGrain>(name).RegisterAsync(user.TenantIdOf());
        return result.Outcome switch
        {
            RegistrationOutcome.Created or RegistrationOutcome.TakenOver => TypedResults.Created($"/v1/domains/{name}", addresses.Describe(result.Domain!)),
            RegistrationOutcome.AlreadyRegistered => TypedResults.Ok(addresses.Describe(result.Domain!)),
            RegistrationOutcome.QuotaReached => ProblemTypes.DomainQuotaReached(result.Quota!.MaxDomains, result.Quota.Domains),
            _ => ProblemTypes.DomainTaken(name, addresses.Describe(result.PendingClaim!)),
        };
    }

    private static async Task<Ok<DomainResponse[]>> ListAsync(ClaimsPrincipal user, DomainStore domains, ReportAddresses addresses, CancellationToken cancellationToken)
    {
        var list = await domains.ListByTenantAsync(user.TenantIdOf(), cancellationToken);
        return TypedResults.Ok(list.Select(d => addresses.Describe(new DomainInfo(d.Name, d.TenantId, d.ReportToken, d.CreatedAt, d.Verified, d.RequireDkim, d.PreviousReportTokenExpiresAt))).ToArray());
    }

    private static async Task<Results<Ok<DomainResponse>, ProblemHttpResult>> GetAsync(string name, ClaimsPrincipal user, IGrainFactory grains, ReportAddresses addresses)
    {
        var grain = Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var domain = await grain!.GetAsync(user.TenantIdOf());
        return domain is null ? NotFound(key) : TypedResults.Ok(addresses.Describe(domain));
    }

    private static async Task<Results<Ok<DomainResponse>, ProblemHttpResult>> UpdateAsync(
        string name, UpdateDomain request, ClaimsPrincipal user, IGrainFactory grains, ReportAddresses addresses)
    {
        var grain = Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        if (request?.RequireDkim is not { } requireDkim)
        {
            return ProblemTypes.InvalidRequest("'requireDkim' (true or false) is the option that can be changed.", "$.requireDkim");
        }

        var domain = await grain!.UpdateSettingsAsync(user.TenantIdOf(), requireDkim);
        return domain is null ? NotFound(key) : TypedResults.Ok(addresses.Describe(domain));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, ClaimsPrincipal user, IGrainFactory grains)
    {
        var grain = Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        return await grain!.DeleteAsync(user.TenantIdOf()) ? TypedResults.NoContent() : NotFound(key);
    }

    private static async Task<Results<Ok<List<ReporterStatus>>, ProblemHttpResult>> ReportersAsync(string name, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        var grain = Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var reporters = await grain!.GetReportersAsync(user.TenantIdOf());
        var now = time.GetUtcNow();
        return reporters is null ? NotFound(key) : TypedResults.Ok(reporters.Select(r => ReporterStatus.Of(r, now)).ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<Rejection>>, ProblemHttpResult>> RejectionsAsync(string name, ClaimsPrincipal user, IGrainFactory grains)
    {
        var grain = Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        var rejections = await grain!.GetRejectionsAsync(user.TenantIdOf());
        return rejections is null ? NotFound(key) : TypedResults.Ok(rejections);
    }

    private static async Task<Results<Ok<SummaryResponse>, ProblemHttpResult>> SummaryAsync(
        string name, string? from, string? to, string? resultType, string? organization, string? receivingMx, string? sendingIp,
        ClaimsPrincipal user, IGrainFactory grains, FilteredReports filtered, TimeProvider time, CancellationToken cancellationToken)
    {
        var grain = Grain(name, grains, out var key, out var problem);
        if (problem is not null || !TryRange(from, to, time, out var range, out problem) || !TryFilter(resultType, organization, receivingMx, sendingIp, out var filter, out problem))
        {
            return problem!;
        }

        // The grain answers for the owner only, and knows the probe behind the explanations.
        if (filter.IsEmpty)
        {
            var s = await grain!.GetSummaryAsync(user.TenantIdOf(), range.From, range.To);
            return s is null
                ? NotFound(key)
                : TypedResults.Ok(new SummaryResponse(
                    key, range.From, range.To, s.Reports, s.SuccessfulSessions, s.FailedSessions,
                    SummaryResponse.Rate(s.SuccessfulSessions, s.FailedSessions),
                    s.ByResultType, s.ByOrganization, s.ByPolicyType, s.ByReceivingMx, s.BySendingIp, s.ByPolicyDomain, s.Explanations ?? [],
                    await OrganizationRatesAsync(filtered, key, range, filter, cancellationToken)));
        }

        // A filtered summary takes only the explanations from the grain: its totals and breakdowns come from the facets.
        var all = await grain!.GetExplanationsAsync(user.TenantIdOf(), range.From, range.To);
        if (all is null)
        {
            return NotFound(key);
        }

        var organizations = await OrganizationRatesAsync(filtered, key, range, filter, cancellationToken);
        var days = await filtered.DailyAsync(key, range.From, range.To, filter, cancellationToken);
        var breakdown = await filtered.BreakdownAsync(key, range.From, range.To, filter, cancellationToken);
        var explanations = all
            .Where(e => (filter.ResultType is null || e.ResultType == filter.ResultType) && (filter.ReceivingMx is null || e.ReceivingMx == filter.ReceivingMx))
            .ToList();
        return TypedResults.Ok(FilteredSummary.Of(key, range, filter, days, breakdown, explanations, organizations));
    }

    private static async Task<List<OrganizationRate>> OrganizationRatesAsync(
        FilteredReports filtered, string key, DayRange range, ReportFilter filter, CancellationToken cancellationToken) =>
        (await filtered.OrganizationsAsync(key, range.From, range.To, filter, cancellationToken))
            .Select(o => new OrganizationRate(o.Organization, o.Reports, o.SuccessfulSessions, o.FailedSessions, SummaryResponse.Rate(o.SuccessfulSessions, o.FailedSessions)))
            .ToList();

    private static async Task<Results<Ok<DailyResponse[]>, ProblemHttpResult>> DailyAsync(
        string name, string? from, string? to, string? resultType, string? organization, string? receivingMx, string? sendingIp,
        ClaimsPrincipal user, IGrainFactory grains, FilteredReports filtered, TimeProvider time, CancellationToken cancellationToken)
    {
        var grain = Grain(name, grains, out var key, out var problem);
        if (problem is not null || !TryRange(from, to, time, out var range, out problem, DayRange.MaxDailyDays) || !TryFilter(resultType, organization, receivingMx, sendingIp, out var filter, out problem))
        {
            return problem!;
        }

        if (!filter.IsEmpty)
        {
            return await grain!.GetAsync(user.TenantIdOf()) is null
                ? NotFound(key)
                : TypedResults.Ok(FilteredSummary.Daily(await filtered.DailyAsync(key, range.From, range.To, filter, cancellationToken), range));
        }

        var rows = await grain!.GetDailyAsync(user.TenantIdOf(), range.From, range.To);
        return rows is null
            ? NotFound(key)
            : TypedResults.Ok(rows.Select(r => new DailyResponse(
                r.Day, r.Reports, r.SuccessfulSessions, r.FailedSessions, SummaryResponse.Rate(r.SuccessfulSessions, r.FailedSessions))).ToArray());
    }

    private static async Task<Results<Ok<IReadOnlyList<ReportInfo>>, ProblemHttpResult>> ReportsAsync(
        string name, string? from, string? to, int? limit, int? offset, string? resultType, string? organization, string? receivingMx, string? sendingIp,
        ClaimsPrincipal user, IGrainFactory grains, FilteredReports filtered, TimeProvider time, CancellationToken cancellationToken)
    {
        var grain = Grain(name, grains, out var key, out var problem);
        if (problem is not null || !TryRange(from, to, time, out var range, out problem) || !TryFilter(resultType, organization, receivingMx, sendingIp, out var filter, out problem))
        {
            return problem!;
        }

        if (limit is < 1 or > MaxReportPage || offset is < 0 or > MaxReportOffset)
        {
            return ProblemTypes.InvalidRequest($"'limit' is 1–{MaxReportPage} and 'offset' is 0–{MaxReportOffset}.");
        }

        if (!filter.IsEmpty)
        {
            if (await grain!.GetAsync(user.TenantIdOf()) is null)
            {
                return NotFound(key);
            }

            var list = await filtered.ListAsync(key, range.From, range.To, filter, limit ?? DefaultReportPage, offset ?? 0, cancellationToken);
            return TypedResults.Ok<IReadOnlyList<ReportInfo>>([.. list.Select(r => new ReportInfo(
                r.Id, r.Organization, r.ReportId, r.Start, r.End, r.ReceivedAt, r.Channel, r.Submitter, r.Dkim, r.SuccessfulSessions, r.FailedSessions, r.Deviations))]);
        }

        var reports = await grain!.GetReportsAsync(user.TenantIdOf(), range.From, range.To, limit ?? DefaultReportPage, offset ?? 0);
        return reports is null ? NotFound(key) : TypedResults.Ok(reports);
    }

    private static async Task<IResult> RawAsync(string name, long id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var grain = Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return problem;
        }

        if (await grain!.GetAsync(user.TenantIdOf()) is null)
        {
            return NotFound(key);
        }

        var raw = await grain.GetRawReportAsync(user.TenantIdOf(), id);
        return raw is null ? ProblemTypes.ReportNotFound() : TypedResults.Bytes(raw, "application/json");
    }

    internal static IDomainGrain? Grain(string name, IGrainFactory grains, out string key, out ProblemHttpResult? problem)
    {
        if (DomainName.TryNormalize(name, out var normalized, out _))
        {
            key = normalized;
            problem = null;
            return grains.GetGrain<IDomainGrain>(normalized);
        }

        // An invalid name can be no one's domain: the same answer as for a domain of another tenant.
        key = name;
        problem = NotFound(name);
        return null;
    }

    private static bool TryRange(string? from, string? to, TimeProvider time, out DayRange range, out ProblemHttpResult? problem, int? maxDays = null)
    {
        if (DayRange.TryParse(from, to, time.GetUtcNow(), maxDays, out range, out var error))
        {
            problem = null;
            return true;
        }

        problem = ProblemTypes.InvalidRequest(error);
        return false;
    }

    private static bool TryFilter(string? resultType, string? organization, string? receivingMx, string? sendingIp, out ReportFilter filter, out ProblemHttpResult? problem)
    {
        if (ReportFilterQuery.TryParse(resultType, organization, receivingMx, sendingIp, out filter, out var error, out var path))
        {
            problem = null;
            return true;
        }

        problem = ProblemTypes.InvalidRequest(error, path);
        return false;
    }

    internal static ProblemHttpResult NotFound(string name) => ProblemTypes.DomainNotFound(name);

    /// <summary>The normalised name when the domain is the tenant's; otherwise the 404 to answer with.</summary>
    internal static async Task<(string Domain, ProblemHttpResult? Problem)> OwnedAsync(string name, string tenantId, IGrainFactory grains)
    {
        var grain = Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return (key, problem);
        }

        return await grain!.GetAsync(tenantId) is null ? (key, NotFound(key)) : (key, null);
    }
}

public sealed record RegisterDomain(string? Name);

public sealed record UpdateDomain(bool? RequireDkim);
