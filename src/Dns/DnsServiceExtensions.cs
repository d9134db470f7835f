using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TlsRptPlatform.Dns;

public static class DnsServiceExtensions
{
    /// <summary>The platform's resolver from section <c>Dns</c>; safe to call from every role's setup (registers once).</summary>
    public static IServiceCollection AddPlatformDns(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(PolicyDns)))
        {
            return services;
        }

        services.AddOptions<DnsOptions>().Bind(configuration.GetSection("Dns"));
        return services.AddSingleton<PolicyDns>();
    }
}
