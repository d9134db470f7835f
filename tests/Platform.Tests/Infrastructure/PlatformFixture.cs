using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using TlsRptPlatform.Silo.Hosting;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>The whole platform (silo + API) in-process on real Kestrel and a real store, on free loopback ports.</summary>
public abstract class PlatformFixture : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789abcdef0123456789abcdef";

    /// <summary>A loopback address where no DNS server listens (the discard port).</summary>
    public const string NoDnsServer = "127.0.0.1:9";
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The management port's address, where <c>/metrics</c> is served (<c>Telemetry:MetricsPort</c>).</summary>
    public Uri MetricsUrl { get; private set; } = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"tlsrpt-test-{Guid.NewGuid():N}");

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        BaseUrl = new Uri($"{Scheme}://127.0.0.1:{port}");
        MetricsUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = BaseUrl.ToString(),
            // Fixtures run side by side in one process: each needs a management port of its own.
            ["Telemetry:MetricsPort"] = MetricsUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Platform:PublicBaseUrl"] = "https://tlsrpt.example.net",
            ["Platform:AdminApiKey"] = AdminKey,
            ["Platform:DataDirectory"] = DataDirectory,
            ["Smtp:ReportDomain"] = "reports.example.net",
            ["Orleans:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingestion:RateLimit:PerTokenPerMinute"] = "0",
            ["Ingestion:RateLimit:PerAddressPerMinute"] = "0",
            ["Api:RateLimit:PerKeyPerMinute"] = "0",
            ["Accounts:RequestsPerAddressPerMinute"] = "0",
            // The corpus reports date from 2016 on; keep them all unless a fixture says otherwise.
            ["Retention:Days"] = "36500",
            // No scheduled DNS checks, and lookups only to a closed local port, unless a fixture provides a DNS
            // server: tests never query outside resolvers.
            ["Dns:RecheckInterval"] = "00:00:00",
            ["Dns:Servers:0"] = NoDnsServer,
            // No SMTP listener unless a fixture asks for one (fixtures run side by side).
            ["Smtp:ListenPort"] = "0",
            ["Dns:Timeout"] = "00:00:00.200",
            ["Dns:Retries"] = "0",
            // No SMTP probes of MX hosts unless a fixture serves them (ProbePlatform): the policy tests publish MX
            // names nothing listens for.
            ["MxProbe:Enabled"] = "false",
        };
        foreach (var (key, value) in await SettingsAsync())
        {
            settings[key] = value;
        }

        _app = PlatformHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        MapTestEndpoints(_app);
        await _app.StartAsync();
        Http = new HttpClient(NewHandler()) { BaseAddress = BaseUrl };
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>Creates a tenant through the admin API and returns a client authenticated as that tenant.</summary>
    public Task<HttpClient> NewTenantAsync(string name = "Tenant") => TenantClient.CreateTenantAsync(BaseUrl, name, NewHandler);

    /// <summary><c>http</c>, or <c>https</c> for a fixture whose settings give Kestrel a certificate.</summary>
    protected virtual string Scheme => Uri.UriSchemeHttp;

    /// <summary>The handler of the fixture's own clients; an HTTPS fixture trusts its test CA here.</summary>
    protected virtual HttpMessageHandler NewHandler() => new SocketsHttpHandler();

    protected abstract Task<IReadOnlyDictionary<string, string?>> SettingsAsync();

    /// <summary>Endpoints a fixture adds to the platform before it starts (none by default).</summary>
    protected virtual void MapTestEndpoints(WebApplication app)
    {
    }
}

/// <summary>The embedded default: a SQLite file in a fresh data directory.</summary>
public sealed class SqlitePlatform : PlatformFixture
{
    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());
}

/// <summary>Production storage: a fresh database on the test run's private PostgreSQL server.</summary>
public sealed class PostgresPlatform : PlatformFixture
{
    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?> { ["ConnectionStrings:Platform"] = await PostgresServer.Instance.CreateDatabaseAsync() };
}

/// <summary>The embedded store with a 30-day retention period.</summary>
public sealed class ShortRetentionPlatform : PlatformFixture
{
    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?> { ["Retention:Days"] = "30" });
}

/// <summary>The embedded store with tight abuse limits.</summary>
public sealed class RateLimitedPlatform : PlatformFixture
{
    public const int PerToken = 2;
    public const int PerKey = 5;
    public const int PolicyHostPerAddress = 4;

    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Ingestion:RateLimit:PerTokenPerMinute"] = PerToken.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api:RateLimit:PerKeyPerMinute"] = PerKey.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MtaSts:RateLimit:PerAddressPerMinute"] = PolicyHostPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
}

/// <summary>Imports with limits small enough to reach, and senders limited to one report per token and minute.</summary>
public sealed class ImportLimitsPlatform : PlatformFixture
{
    public const int MaxUploadBytes = 256 * 1024;

    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Ingestion:RateLimit:PerTokenPerMinute"] = "1",
            ["Imports:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Imports:MaxItems"] = "50",
        });
}

/// <summary>The embedded store with its own DNS server and MTA-STS HTTPS server, for the policy API.</summary>
public class PolicyPlatform : PlatformFixture
{
    public TestDnsServer Dns { get; } = new();

    public TestPolicyServer PolicyServer { get; } = new();

    protected virtual bool Scheduled => false;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await PolicyServer.DisposeAsync();
        await Dns.DisposeAsync();
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        await PolicyServer.StartAsync();
        return new Dictionary<string, string?>
        {
            // Short enough that a record published after registration is seen by a later scheduled check.
            ["Dns:RecheckInterval"] = Scheduled ? "00:00:03" : "00:00:00",
            ["Dns:SchedulerTick"] = "00:00:01",
            ["Dns:Servers:0"] = Dns.Endpoint.ToString(),
            ["Dns:Timeout"] = "00:00:02",
            ["MtaSts:PolicyPort"] = PolicyServer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MtaSts:AdditionalTrustedRoots"] = PolicyServer.CaPemFile,
        };
    }
}

/// <summary>A policy platform that probes MX hosts: every MX name the tests publish points at one <see cref="TestMxServer"/>.</summary>
public class ProbePlatform : PolicyPlatform
{
    public TestMxServer Mx { get; } = new();

    private string TrustedRootsFile { get; } = Path.Combine(Path.GetTempPath(), $"tlsrpt-test-roots-{Guid.NewGuid():N}.pem");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Mx.DisposeAsync();
        File.Delete(TrustedRootsFile);
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        var settings = new Dictionary<string, string?>(await base.SettingsAsync());
        // One bundle trusted like the system roots: the MTA-STS test CA and the MX servers' CA.
        await File.WriteAllTextAsync(TrustedRootsFile, await File.ReadAllTextAsync(PolicyServer.CaPemFile) + "\n" + Mx.Authority.CertificatePem);
        settings["MtaSts:AdditionalTrustedRoots"] = TrustedRootsFile;
        settings["MxProbe:Enabled"] = "true";
        settings["MxProbe:Port"] = Mx.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["MxProbe:Timeout"] = "00:00:05";
        settings["MxProbe:EhloName"] = "probe.tlsrpt.example.net";
        // The test MX server listens on loopback.
        settings["MxProbe:AllowPrivateTargets"] = "true";
        return settings;
    }
}

/// <summary>A probe platform whose scheduler checks (and so probes) domains on its own.</summary>
public sealed class ScheduledProbePlatform : ProbePlatform
{
    protected override bool Scheduled => true;
}

/// <summary>A policy platform whose scheduler checks domains on its own (one-second scheduler tick).</summary>
public sealed class ScheduledPolicyPlatform : PolicyPlatform
{
    protected override bool Scheduled => true;
}

/// <summary>
/// PostgreSQL with a DNS server, an SMTP server for alert e-mails and quick delivery retries; webhooks may reach
/// loopback (the test receivers listen there).
/// </summary>
public sealed class AlertPlatform : PolicyPlatform
{
    public TestSmtpServer Smtp { get; } = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        var settings = new Dictionary<string, string?>(await base.SettingsAsync())
        {
            ["ConnectionStrings:Platform"] = await PostgresServer.Instance.CreateDatabaseAsync(),
            ["Alerts:AllowPrivateTargets"] = "true",
            ["Alerts:FirstRetryAfter"] = "00:00:01",
            ["Alerts:DispatchInterval"] = "00:00:00.500",
            ["Alerts:SilenceCheckInterval"] = "00:00:01",
            ["Alerts:Smtp:Host"] = "127.0.0.1",
            ["Alerts:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Alerts:Smtp:Security"] = "None",
            ["Alerts:Smtp:From"] = "alerts@tlsrpt.example.net",
        };
        return settings;
    }
}

/// <summary>The embedded store with its DNS server and the SMTP listener on a free port (1 MiB messages, STARTTLS offered).</summary>
public class MailPlatform : PolicyPlatform
{
    public const int MaxMessageBytes = 1024 * 1024;

    public int SmtpPort { get; } = FreePort.Next();

    public string CertificateFile { get; } = Path.Combine(Path.GetTempPath(), $"tlsrpt-smtp-{Guid.NewGuid():N}.pem");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(CertificateFile);
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        using (var key = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                "CN=reports.example.net", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllTextAsync(CertificateFile, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
        }

        return new Dictionary<string, string?>(await base.SettingsAsync())
        {
            ["Smtp:ListenPort"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:MaxMessageBytes"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:CertificatePath"] = CertificateFile,
        };
    }
}

/// <summary>
/// The embedded store on real HTTPS, as senders reach it: Kestrel serves a certificate from a test CA (for 127.0.0.1 and
/// localhost) on the configured URL, <c>Platform:PublicBaseUrl</c> is that https URL (so domains get an https report
/// address), and the SMTP listener on a free port offers STARTTLS with the same certificate. Outside programs trust
/// <see cref="CaFile"/>.
/// </summary>
public sealed class HttpsMailPlatform : PlatformFixture
{
    private readonly TestCertificateAuthority _ca = new();
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("tlsrpt-https-").FullName;

    public HttpsMailPlatform()
    {
        File.WriteAllText(CaFile, _ca.CertificatePem);
        using var server = _ca.Issue("localhost", "127.0.0.1");
        TestCertificateAuthority.WritePem(server, ServerPemFile);
    }

    public int SmtpPort { get; } = FreePort.Next();

    /// <summary>The test CA's certificate (PEM), for curl's <c>--cacert</c> and Python's <c>cafile</c>.</summary>
    public string CaFile => Path.Combine(_directory, "ca.pem");

    protected override string Scheme => Uri.UriSchemeHttps;

    private string ServerPemFile => Path.Combine(_directory, "server.pem");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _ca.Dispose();
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    protected override HttpMessageHandler NewHandler() => _ca.NewTrustingHandler();

    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            // Kestrel's default certificate serves every https URL in Urls (the management port stays http).
            ["Kestrel:Certificates:Default:Path"] = ServerPemFile,
            ["Kestrel:Certificates:Default:KeyPath"] = ServerPemFile,
            ["Platform:PublicBaseUrl"] = BaseUrl.ToString(),
            ["Smtp:ListenPort"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:CertificatePath"] = ServerPemFile,
        });
}

/// <summary>The mail platform with connection caps small enough to reach in a test.</summary>
public sealed class CappedMailPlatform : MailPlatform
{
    public const int MaxConnections = 6;
    public const int MaxConnectionsPerAddress = 3;

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?>(await base.SettingsAsync())
        {
            ["Smtp:MaxConnections"] = MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:MaxConnectionsPerAddress"] = MaxConnectionsPerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
}

/// <summary>PostgreSQL and a Dovecot mailbox the platform polls every second.</summary>
public sealed class ImapPlatform : PolicyPlatform
{
    public DovecotServer Imap { get; } = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Imap.DisposeAsync();
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        await Imap.StartAsync();
        return new Dictionary<string, string?>(await base.SettingsAsync())
        {
            ["ConnectionStrings:Platform"] = await PostgresServer.Instance.CreateDatabaseAsync(),
            ["Imap:Host"] = "127.0.0.1",
            ["Imap:Port"] = Imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Imap:Security"] = "None",
            ["Imap:User"] = DovecotServer.User,
            ["Imap:Password"] = DovecotServer.Password,
            ["Imap:Interval"] = "00:00:01",
        };
    }
}

/// <summary>The embedded store with an SMTP listener that takes one session at a time.</summary>
public sealed class OneSessionMailPlatform : PlatformFixture
{
    public int SmtpPort { get; } = FreePort.Next();

    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Smtp:ListenPort"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:MaxConnections"] = "1",
        });
}
