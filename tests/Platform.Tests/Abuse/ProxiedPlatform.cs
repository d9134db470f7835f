using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>The embedded store as deployed behind an Ingress: forwarded headers on, two report POSTs per address a minute.</summary>
public sealed class ProxiedPlatform : PlatformFixture
{
    public const int PerAddress = 2;

    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["FORWARDEDHEADERS_ENABLED"] = "true",
            ["Ingestion:RateLimit:PerAddressPerMinute"] = PerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}
