using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TlsRptPlatform.Api.Imports;

public static class ImportExtensions
{
    /// <summary>Bulk imports, for the processes that serve the tenant API (they also hold <c>MailIntake</c>).</summary>
    public static IServiceCollection AddImports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection("Imports")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ImportSpool>();
        services.AddSingleton<ImportQueue>();
        services.AddSingleton<ImportRunner>();
        services.AddHostedService<ImportWorker>();
        return services;
    }
}
