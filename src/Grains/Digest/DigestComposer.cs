using System.Globalization;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Grains.Alerts;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Storage.Domains;
using TlsRptPlatform.Storage.Reports;
using TlsRptPlatform.Storage.Tenants;

namespace TlsRptPlatform.Grains.Digest;

/// <summary>
/// Gathers one tenant's digest: totals from SQL (two grouped queries, the week and the week before, as the overview),
/// result types from the daily breakdown, and policy history, certificates and reporters from each domain's grain.
/// Only the tenant's own domains are read, and each grain call names the tenant, so nothing of another tenant leaks in.
/// </summary>
public sealed class DigestComposer(IGrainFactory grains, TenantStore tenants, DomainStore domains, FilteredReports filtered, ReportStore reports)
{
    private const int TopFailuresPerDomain = 3;

    /// <summary>Certificates expiring within this many days are listed (the certificate-expiring rule's default).</summary>
    private const int CertificateDays = 30;

    public async Task<TenantDigest?> ComposeAsync(string tenantId, DigestWeek week, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(week);
        var tenant = await tenants.FindAsync(tenantId, cancellationToken);
        if (tenant is null)
        {
            return null;
        }

        var owned = await domains.ListByTenantAsync(tenantId, cancellationToken);
        var current = (await filtered.TenantTrendAsync(tenantId, week.From, week.To, 1, cancellationToken)).ToDictionary(t => t.Domain, StringComparer.Ordinal);
        var before = (await filtered.TenantTrendAsync(tenantId, week.Previous.From, week.Previous.To, 1, cancellationToken)).ToDictionary(t => t.Domain, StringComparer.Ordinal);
        var list = new List<DomainWeek>(owned.Count);
        foreach (var domain in owned.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var thisWeek = current.GetValueOrDefault(domain.Name);
            var lastWeek = before.GetValueOrDefault(domain.Name);
            var failures = (await reports.BreakdownAsync(domain.Name, week.From, week.To, cancellationToken: cancellationToken))
                .Where(b => b.Dimension == Dimension.ResultType && b.Sessions > 0)
                .OrderByDescending(b => b.Sessions).ThenBy(b => b.Key, StringComparer.Ordinal)
                .Take(TopFailuresPerDomain)
                .Select(b => ResultTypes.Find(b.Key) is { } m ? new TopFailure(b.Key, b.Sessions, m.Meaning, m.Fix) : new TopFailure(b.Key, b.Sessions, null, null))
                .ToList();
            var (changes, certificates, silent) = await FromGrainAsync(grains.GetGrain<IDomainGrain>(domain.Name), tenantId, domain.Name, week, now);
            list.Add(new DomainWeek(
                domain.Name,
                (thisWeek?.SuccessfulSessions ?? 0) + (thisWeek?.FailedSessions ?? 0), thisWeek?.FailedSessions ?? 0,
                (lastWeek?.SuccessfulSessions ?? 0) + (lastWeek?.FailedSessions ?? 0), lastWeek?.FailedSessions ?? 0,
                failures, changes, certificates, silent));
        }

        return new TenantDigest(tenant.Id, tenant.Name, week, list);
    }

    private static async Task<(IReadOnlyList<string>, IReadOnlyList<string>, IReadOnlyList<string>)> FromGrainAsync(
        IDomainGrain grain, string tenantId, string domain, DigestWeek week, DateTimeOffset now)
    {
        var start = new DateTimeOffset(week.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = start.AddDays(7);
        var policy = await grain.GetPolicyAsync(tenantId);
        var changes = (policy?.History ?? [])
            .Where(h => h.At >= start && h.At < end)
            .Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.At:yyyy-MM-dd HH:mm} UTC: {h.What} {h.Old ?? "(none)"} → {h.New ?? "(none)"}"))
            .ToList();
        var certificates = policy?.Current is { } snapshot
            ? CertificateExpiry.Due(snapshot, domain, CertificateDays, now)
                .Select(c => c.DaysLeft < 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{c.Host}: certificate expired on {c.NotAfter:yyyy-MM-dd}")
                    : string.Create(CultureInfo.InvariantCulture, $"{c.Host}: certificate expires on {c.NotAfter:yyyy-MM-dd} (in {c.DaysLeft} days)"))
                .ToList()
            : [];
        var silent = (await grain.GetReportersAsync(tenantId) ?? [])
            .Where(r => SilentReporters.IsSilent(r, now))
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Organization}: last report {r.LastReportAt:yyyy-MM-dd HH:mm} UTC"))
            .ToList();
        return (changes, certificates, silent);
    }
}
