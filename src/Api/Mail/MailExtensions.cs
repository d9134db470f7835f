using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Api.Mail;

public static class MailExtensions
{
    /// <summary>Report e-mail for the processes that face senders (roles <c>all</c> and <c>gateway</c>): SMTP listener and IMAP poller.</summary>
    public static IServiceCollection AddReportMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPlatformDns(configuration);
        services.AddSingleton<DkimPublicKeys>();
        services.AddSingleton<DkimVerdict>();
        services.AddSingleton<MailIntake>();
        services.AddSingleton<ReportRecipients>();
        services.AddSingleton<ReportMailStore>();
        services.AddOptions<ImapOptions>().Bind(configuration.GetSection("Imap")).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<SmtpListener>();
        services.AddHostedService<ImapPoller>();
        return services;
    }
}
