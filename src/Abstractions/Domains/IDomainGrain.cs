using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Abstractions.Reports;

namespace TlsRptPlatform.Abstractions.Domains;

/// <summary>
/// One mail domain, keyed by its normalised name (lower-case A-labels). Owns the domain's registration, report
/// ingestion and aggregates. Every method that reads or changes tenant data takes the caller's tenant and answers
/// as if the domain did not exist when it belongs to another tenant (DESIGN D6).
/// </summary>
[Alias("TlsRptPlatform.IDomainGrain")]
public interface IDomainGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task<RegistrationResult> RegisterAsync(string tenantId);

    [Alias("Get")]
    Task<DomainInfo?> GetAsync(string tenantId);

    /// <summary>Changes the domain's options; null when the domain is not the tenant's.</summary>
    [Alias("UpdateSettings")]
    Task<DomainInfo?> UpdateSettingsAsync(string tenantId, bool requireDkim);

    [Alias("Delete")]
    Task<bool> DeleteAsync(string tenantId);

    /// <summary>
    /// The domain's alert rules were created or deleted: the grain keeps them between reports and reads them again when
    /// next needed. Internal: no tenant (the caller has checked ownership and changed the rules).
    /// </summary>
    [Alias("AlertRulesChanged")]
    Task AlertRulesChangedAsync();

    /// <summary>
    /// Gives the domain a new report token; the current one stays accepted for <paramref name="gracePeriod"/>, and a
    /// previous one still in its grace period is ended. Null when the domain is not the tenant's.
    /// </summary>
    [Alias("RotateReportToken")]
    Task<DomainInfo?> RotateReportTokenAsync(string tenantId, TimeSpan gracePeriod);

    /// <summary>Parses, validates, archives and aggregates one report. Safe to retry: the report key deduplicates.</summary>
    [Alias("Ingest")]
    Task<IngestResult> IngestAsync(IngestRequest request);

    /// <summary>Notes a submission that was refused before it reached the parser (size, media type, compression).</summary>
    [Alias("RecordRejection")]
    Task RecordRejectionAsync(string reportToken, Rejection rejection);

    [Alias("GetRejections")]
    Task<IReadOnlyList<Rejection>?> GetRejectionsAsync(string tenantId);

    [Alias("GetSummary")]
    Task<DomainSummary?> GetSummaryAsync(string tenantId, DateOnly from, DateOnly to);

    /// <summary>
    /// The summary's explanations alone: a filtered summary needs them but not the full breakdown, whose sending-IP
    /// dimension is the costliest part of a long range.
    /// </summary>
    [Alias("GetExplanations")]
    Task<IReadOnlyList<ReportExplanation>?> GetExplanationsAsync(string tenantId, DateOnly from, DateOnly to);

    [Alias("GetDaily")]
    Task<IReadOnlyList<DailyRow>?> GetDailyAsync(string tenantId, DateOnly from, DateOnly to);

    [Alias("GetReports")]
    Task<IReadOnlyList<ReportInfo>?> GetReportsAsync(string tenantId, DateOnly from, DateOnly to, int limit, int offset);

    [Alias("GetReporters")]
    Task<IReadOnlyList<ReporterInfo>?> GetReportersAsync(string tenantId);

    [Alias("GetRawReport")]
    Task<byte[]?> GetRawReportAsync(string tenantId, long id);

    /// <summary>
    /// The report addresses that count as the platform's in the domain's TLS-RPT record, for a policy check run by
    /// <see cref="IPolicyCheckGrain"/>; null when the domain is not registered or, with a tenant, not that tenant's.
    /// </summary>
    [Alias("GetCheckTarget")]
    Task<string[]?> GetCheckTargetAsync(string? tenantId);

    /// <summary>
    /// Records a policy check (history, verification, alerts), sets when the next scheduled one is due and returns the
    /// new state. Internal: no tenant.
    /// </summary>
    [Alias("RecordCheck")]
    Task<PolicySnapshot?> RecordCheckAsync(PolicySnapshot check);

    /// <summary>The last check's result; null when the domain is not the tenant's. An empty snapshot list means never checked.</summary>
    [Alias("GetPolicy")]
    Task<PolicyView?> GetPolicyAsync(string tenantId);

    /// <summary>The policy state whose MX hosts the probe grain probes; null when unregistered or never checked. Internal: no tenant.</summary>
    [Alias("GetProbeTargets")]
    Task<PolicySnapshot?> GetProbeTargetsAsync();

    /// <summary>Records a probe of the MX hosts (findings, history, alerts); returns the new state. Internal: no tenant.</summary>
    [Alias("RecordProbe")]
    Task<PolicySnapshot?> RecordProbeAsync(DateTimeOffset probedAt, IReadOnlyDictionary<string, MxProbe> probes);
}
