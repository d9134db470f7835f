using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Domains;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Storage.Domains;
using TlsRptPlatform.Storage.Reports;

namespace TlsRptPlatform.Api.Overview;

/// <summary>
/// Every domain of the tenant on one page, and what needs attention first. Totals come from SQL in two grouped
/// queries (range and the range before); findings, policy changes and reporters from each domain's grain, at most
/// <see cref="MaxDomainsInspected"/> domains with the most failures, a few at a time.
/// </summary>
public static class OverviewApi
{
    private const int TrendBuckets = 60;
    private const int MaxDomainsInspected = 200;
    private const int MaxItems = 100;
    private const int GrainCallsAtOnce = 8;

    public static RouteHandlerBuilder MapOverview(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/overview", OverviewAsync)
            .WithTags("Domains").WithName("GetOverview").RequireAuthorization(PlatformClaims.TenantPolicy).RequireAccess(RouteAccess.Read)
            .WithSummary("All of the tenant's domains over a range, and what needs attention")
            .WithDescription("`from`/`to` as for `/summary` (UTC days, at most 1,100). Per domain: sessions, failure rate, the rate of the equally long range before, and a trend in at most 60 buckets. `needsAttention` ranks failure spikes, broken or changed policies, expiring certificates, stale MTA-STS ids, silent reporters and refused submissions by severity and impact, each with a link to the dashboard page that explains it.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);

    private static async Task<Results<Ok<OverviewResponse>, ProblemHttpResult>> OverviewAsync(
        string? from, string? to, ClaimsPrincipal user, IGrainFactory grains, DomainStore domains, FilteredReports reports, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!DayRange.TryParse(from, to, now, DayRange.MaxDailyDays, out var range, out var error))
        {
            return ProblemTypes.InvalidRequest(error);
        }

        var tenant = user.TenantIdOf();
        var length = range.To.DayNumber - range.From.DayNumber + 1;
        var before = new DayRange(DateOnly.FromDayNumber(Math.Max(0, range.From.DayNumber - length)), DateOnly.FromDayNumber(Math.Max(0, range.From.DayNumber - 1)));
        var owned = await domains.ListByTenantAsync(tenant, cancellationToken);
        var current = await reports.TenantTrendAsync(tenant, range.From, range.To, TrendBuckets, cancellationToken);
        var previous = (await reports.TenantTrendAsync(tenant, before.From, before.To, 1, cancellationToken)).ToDictionary(p => p.Domain, StringComparer.Ordinal);
        var size = Math.Max(1, (length + TrendBuckets - 1) / TrendBuckets);
        var query = Query(range);

        var list = owned.Select(d =>
        {
            var rows = current.Where(c => c.Domain == d.Name).ToDictionary(c => c.Bucket);
            var trend = Enumerable.Range(0, (length + size - 1) / size).Select(b =>
            {
                var start = DateOnly.FromDayNumber(range.From.DayNumber + (b * size));
                var end = DateOnly.FromDayNumber(Math.Min(range.To.DayNumber, start.DayNumber + size - 1));
                var row = rows.GetValueOrDefault(b);
                return new TrendPoint(start, end, row?.SuccessfulSessions ?? 0, row?.FailedSessions ?? 0, SummaryResponse.Rate(row?.SuccessfulSessions ?? 0, row?.FailedSessions ?? 0));
            }).ToList();
            long ok = trend.Sum(t => t.SuccessfulSessions), failed = trend.Sum(t => t.FailedSessions);
            var prior = previous.GetValueOrDefault(d.Name);
            return new DomainOverview(
                d.Name, d.Verified, rows.Values.Sum(r => r.Reports), ok, failed, SummaryResponse.Rate(ok, failed),
                prior is null || prior.SuccessfulSessions + prior.FailedSessions == 0 ? null : SummaryResponse.Rate(prior.SuccessfulSessions, prior.FailedSessions),
                trend);
        }).ToList();

        var items = new List<AttentionItem>();
        foreach (var d in list)
        {
            if (FailureSpike.Of(d) is { } spike)
            {
                items.Add(new AttentionItem("failure-spike", spike, d.Domain, "Failure rate up",
                    string.Create(CultureInfo.InvariantCulture, $"{d.FailedSessions:N0} of {d.SuccessfulSessions + d.FailedSessions:N0} sessions failed ({d.FailureRate * 100:0.##} %), against {(d.PreviousFailureRate ?? 0) * 100:0.##} % in the {length} days before."),
                    d.FailedSessions, DomainLink(d.Domain, query)));
            }
        }

        foreach (var (domain, count) in await reports.TenantRejectionsAsync(tenant, new DateTimeOffset(range.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), cancellationToken))
        {
            items.Add(new AttentionItem("refused-submissions", "warning", domain, "Reports refused",
                string.Create(CultureInfo.InvariantCulture, $"{count:N0} submissions were refused since {range.From:yyyy-MM-dd} (at most the newest 100 are kept)."), count, DomainLink(domain, query) + "#rejections"));
        }

        var inspected = list.OrderByDescending(d => d.FailedSessions).ThenBy(d => d.Domain, StringComparer.Ordinal).Take(MaxDomainsInspected).ToList();
        using var gate = new SemaphoreSlim(GrainCallsAtOnce);
        var perDomain = await Task.WhenAll(inspected.Select(async d =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await DomainItemsAsync(grains.GetGrain<IDomainGrain>(d.Domain), tenant, d, range, now, query);
            }
            finally
            {
                gate.Release();
            }
        }));
        items.AddRange(perDomain.SelectMany(i => i));

        var ranked = items.OrderByDescending(i => Weight(i.Severity)).ThenByDescending(i => i.Impact).ThenBy(i => i.Domain, StringComparer.Ordinal).Take(MaxItems).ToList();
        return TypedResults.Ok(new OverviewResponse(range.From, range.To, list, ranked));
    }

    private static async Task<IReadOnlyList<AttentionItem>> DomainItemsAsync(IDomainGrain grain, string tenant, DomainOverview d, DayRange range, DateTimeOffset now, string query)
    {
        var items = new List<AttentionItem>();
        var sessions = d.SuccessfulSessions + d.FailedSessions;
        var policy = await grain.GetPolicyAsync(tenant);
        foreach (var f in policy?.Current?.Findings.Where(f => f.Severity != FindingSeverity.Info) ?? [])
        {
            items.Add(new AttentionItem(f.Code, f.Severity == FindingSeverity.Error ? "error" : "warning", d.Domain, f.Message, f.Fix, sessions, DomainLink(d.Domain, query) + "#policy"));
        }

        var start = new DateTimeOffset(range.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        foreach (var c in (policy?.History ?? []).Where(h => h.At >= start).Take(3))
        {
            items.Add(new AttentionItem("policy-changed", "info", d.Domain, $"Policy changed: {c.What}",
                $"{c.At:yyyy-MM-dd HH:mm} UTC: {c.Old ?? "(none)"} → {c.New ?? "(none)"}", sessions, DomainLink(d.Domain, query) + "#policy"));
        }

        foreach (var r in await grain.GetReportersAsync(tenant) ?? [])
        {
            if (SilentReporters.IsSilent(r, now))
            {
                items.Add(new AttentionItem("silent-reporter", "warning", d.Domain, $"{r.Organization} stopped reporting",
                    string.Create(CultureInfo.InvariantCulture, $"Last report {r.LastReportAt:yyyy-MM-dd HH:mm} UTC; it usually reports every {r.CadenceHours:0} hours."),
                    r.ReportsLast30Days, DomainLink(d.Domain, query) + "#reporters"));
            }
        }

        return items;
    }

    private static int Weight(string severity) => severity switch { "error" => 3, "warning" => 2, _ => 1 };

    private static string Query(DayRange range) => $"?from={range.From:yyyy-MM-dd}&to={range.To:yyyy-MM-dd}";

    private static string DomainLink(string domain, string query) => $"/#/domains/{Uri.EscapeDataString(domain)}{query}";
}
