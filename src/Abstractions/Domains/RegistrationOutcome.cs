namespace TlsRptPlatform.Abstractions.Domains;

public enum RegistrationOutcome
{
    Created,
    AlreadyRegistered,
    HeldByAnotherTenant,
}
