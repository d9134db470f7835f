namespace TlsRptPlatform.Abstractions.Domains;

public enum RegistrationOutcome
{
    Created,
    AlreadyRegistered,
    HeldByAnotherTenant,

    /// <summary>Another tenant held it, and the domain's TLS-RPT record proved the caller now controls it.</summary>
    TakenOver,

    /// <summary>The caller holds as many domains as its quota allows; nothing was registered.</summary>
    QuotaReached,
}
