using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Api.Accounts.Oidc;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>People's accounts: options (section <c>Accounts</c>), passwords, second factor, sessions, mail, rate limit.</summary>
public static class AccountServices
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountOptions>().Bind(configuration.GetSection("Accounts")).ValidateDataAnnotations()
            .Validate(o => o.SessionIdleTimeout > TimeSpan.Zero && o.SessionLifetime >= o.SessionIdleTimeout, "Accounts:SessionIdleTimeout must be positive and at most Accounts:SessionLifetime.")
            .Validate(o => o.LockoutDuration > TimeSpan.Zero, "Accounts:LockoutDuration must be positive.")
            .Validate(o => o.VerificationLinkLifetime > TimeSpan.Zero && o.ResetLinkLifetime > TimeSpan.Zero && o.InvitationLifetime > TimeSpan.Zero,
                "Accounts:VerificationLinkLifetime, ResetLinkLifetime and InvitationLifetime must be positive.")
            .ValidateOnStart();
        services.AddSingleton<Passwords>();
        services.AddSingleton<SecretBox>();
        services.AddSingleton<SecondFactor>();
        services.AddSingleton<AccountMail>();
        services.AddSingleton<PersonSessions>();
        services.AddSingleton<PasswordSignIn>();
        services.AddSingleton<PersonAudit>();
        services.AddSingleton<Operator.OperatorAccounts>();
        services.AddAccountRateLimit(configuration);
        services.AddPlatformOidc(configuration);
        return services;
    }
}
