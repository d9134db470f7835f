namespace TlsRptPlatform.Abstractions.Domains;

/// <param name="Domain">The caller's registration; null when another tenant holds the domain.</param>
/// <param name="PendingClaim">When another tenant holds it: the report token the caller must publish in the domain's
/// TLS-RPT record to take the domain over by registering it again.</param>
/// <param name="Quota">When the outcome is <see cref="RegistrationOutcome.QuotaReached"/>: the quota and the caller's domains.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.RegistrationResult")]
public sealed record RegistrationResult(
    [property: Id(0)] RegistrationOutcome Outcome,
    [property: Id(1)] DomainInfo? Domain,
    [property: Id(2)] DomainInfo? PendingClaim = null,
    [property: Id(3)] DomainQuotaInfo? Quota = null);
