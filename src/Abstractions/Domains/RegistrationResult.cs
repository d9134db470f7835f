namespace TlsRptPlatform.Abstractions.Domains;

/// <param name="Domain">The caller's registration; null when another tenant holds the domain.</param>
[GenerateSerializer, Immutable, Alias("TlsRptPlatform.RegistrationResult")]
public sealed record RegistrationResult(
    [property: Id(0)] RegistrationOutcome Outcome,
    [property: Id(1)] DomainInfo? Domain);
