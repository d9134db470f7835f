using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Api.Hosting;

namespace TlsRptPlatform.Api.Accounts;

/// <summary>
/// <c>Accounts:RequestsPerAddressPerMinute</c> (20) for everything a stranger can do to accounts — sign in, sign up,
/// ask for a password reset or a new verification link, accept an invitation — per client address (IPv6: per /64). Each costs a
/// password hash or a mail; the per-account lockout (<c>Accounts:MaxFailedSignIns</c>) bounds guessing at one account
/// from many addresses.
/// </summary>
public static class AccountRateLimit
{
    public const string Policy = "accounts";

    public static IServiceCollection AddAccountRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("Accounts:RequestsPerAddressPerMinute", new AccountOptions().RequestsPerAddressPerMinute);
        return services.AddRateLimiter(options => options.AddPolicy(Policy, context => perMinute > 0
            ? RateLimitPartition.GetFixedWindowLimiter(
                "accounts:" + (context.Connection.RemoteIpAddress is { } address ? ClientAddress.QuotaUnit(address).ToString() : string.Empty), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter(string.Empty)));
    }
}
