using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>The embedded store with an SMTP listener and a 48 MiB ingestion budget that gives up after 200 ms, and 3 s for a body to arrive.</summary>
public sealed class TightBudgetPlatform : PlatformFixture
{
    public int SmtpPort { get; } = FreePort.Next();

    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Smtp:ListenPort"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:MaxMessageBytes"] = (8 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingestion:Limits:MaxDecompressedBytes"] = (24 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingestion:Limits:MaxInflightDecompressedBytes"] = (48 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingestion:Limits:InflightWait"] = "00:00:00.200",
            ["Ingestion:Limits:BodyTimeout"] = "00:00:03",
        });
}
