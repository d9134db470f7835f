using System.Globalization;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Digest;

/// <summary>
/// PostgreSQL, a mailbox for alert e-mails, and the digest sent on Tuesdays from 06:00 UTC (not the defaults, so the
/// tests also show the <c>Digest:DayOfWeek</c> and <c>Digest:Hour</c> keys are read). The silo's own digest check is
/// off: the tests run passes themselves at the moments they choose.
/// </summary>
public sealed class DigestPlatform : PlatformFixture
{
    public const DayOfWeek SendDay = DayOfWeek.Tuesday;
    public const int SendHour = 6;

    public TestSmtpServer Smtp { get; } = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:Platform"] = await PostgresServer.Instance.CreateDatabaseAsync(),
            ["Alerts:FirstRetryAfter"] = "00:00:01",
            ["Alerts:DispatchInterval"] = "00:00:00.500",
            ["Alerts:Smtp:Host"] = "127.0.0.1",
            ["Alerts:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Alerts:Smtp:Security"] = "None",
            ["Alerts:Smtp:From"] = "alerts@tlsrpt.example.net",
            ["Digest:DayOfWeek"] = SendDay.ToString(),
            ["Digest:Hour"] = SendHour.ToString(CultureInfo.InvariantCulture),
            ["Digest:CheckInterval"] = "00:00:00",
        };
}
