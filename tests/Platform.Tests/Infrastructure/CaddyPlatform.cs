namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// Hosted MTA-STS behind Caddy, on PostgreSQL: the platform's MTA-STS fetches go to Caddy's HTTPS port (the policy host's
/// name resolved to 127.0.0.1 by the test DNS server) and trust Caddy's internal CA through
/// <c>MtaSts:AdditionalTrustedRoots</c>, as a deployment trusts its public CA.
/// </summary>
public sealed class CaddyPlatform : PlatformFixture
{
    public TestDnsServer Dns { get; } = new();

    public CaddyServer Caddy { get; } = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Caddy.DisposeAsync();
        await Dns.DisposeAsync();
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        // Caddy asks the platform only when a TLS handshake comes in, so it may start before the platform listens; the
        // platform reads the root certificate at its first check, so Caddy must have written it by then.
        await Caddy.StartAsync(BaseUrl, BaseUrl);
        return new Dictionary<string, string?>
        {
            ["ConnectionStrings:Platform"] = await PostgresServer.Instance.CreateDatabaseAsync(),
            ["Dns:Servers:0"] = Dns.Endpoint.ToString(),
            ["Dns:Timeout"] = "00:00:02",
            ["MtaSts:PolicyPort"] = Caddy.HttpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MtaSts:AdditionalTrustedRoots"] = Caddy.RootCertificatePath,
            ["Platform:PolicyHost"] = "mta-sts.tlsrpt.example.net",
        };
    }
}
