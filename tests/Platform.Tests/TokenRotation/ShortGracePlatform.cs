using System.Globalization;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.TokenRotation;

/// <summary>The platform with its SMTP listener, on PostgreSQL, and a report token grace period of a few seconds.</summary>
public sealed class ShortGracePlatform : MailPlatform
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?>(await base.SettingsAsync())
        {
            ["ConnectionStrings:Platform"] = await PostgresServer.Instance.CreateDatabaseAsync(),
            ["Reports:TokenGracePeriod"] = GracePeriod.ToString("c", CultureInfo.InvariantCulture),
        };
}
