namespace TlsRptPlatform.Api.Overview;

/// <param name="NeedsAttention">Ranked by severity, then impact; at most 100.</param>
public sealed record OverviewResponse(DateOnly From, DateOnly To, IReadOnlyList<DomainOverview> Domains, IReadOnlyList<AttentionItem> NeedsAttention);
