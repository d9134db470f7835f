using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TlsRptPlatform.Api.Hosting;
using TlsRptPlatform.Api.Operator;
using TlsRptPlatform.Grains.Hosting;
using TlsRptPlatform.Storage.Accounts;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Silo.Commands;

/// <summary>
/// <c>dotnet run --project src/Silo -- create-operator EMAIL</c>: the first account on a new platform. Works on the
/// store directly (the same <c>Storage:*</c> settings as the platform, schema brought up to date first), so it needs no
/// running platform, no mail server and no key; prints a single-use link to set the password, valid for 24 hours.
/// </summary>
internal static class CreateOperatorCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args is not [var email] || !Emails.IsPlausible(email))
        {
            await error.WriteLineAsync("Usage: create-operator EMAIL");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddPlatformStorage(builder.Configuration);
        using var host = builder.Build();
        await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        var platform = new PlatformOptions();
        builder.Configuration.GetSection("Platform").Bind(platform);
        var operators = new OperatorAccounts(host.Services.GetRequiredService<UserStore>(), host.Services.GetRequiredService<UserTokenStore>());
        var (user, created, link) = await operators.CreateAsync(email, platform.PublicBaseUrl, CancellationToken.None);
        await output.WriteLineAsync(created ? $"Created operator account {user.Email} ({user.Id})." : $"{user.Email} ({user.Id}) is now an operator.");
        await output.WriteLineAsync($"Set its password within 24 hours (the link works once):{Environment.NewLine}    {link}");
        return 0;
    }
}
