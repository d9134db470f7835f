using System.Globalization;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// The platform behind a real sender's MTA: its SMTP listener with a certificate from a test CA for the MX name, and
/// Debian's Postfix relaying every message to it over verified STARTTLS. The store is a PostgreSQL server of the
/// fixture's own, so a test may take it down without disturbing the rest of the run.
/// </summary>
public sealed class PostfixRelayPlatform : PlatformFixture
{
    /// <summary>The listener's host name, as an MX record would name it; the relay checks the certificate for it.</summary>
    public const string ListenerName = "mx.reports.example.net";

    private readonly TestCertificateAuthority _ca = new();
    private readonly string _files = Path.Combine(Path.GetTempPath(), $"tlsrpt-relay-{Guid.NewGuid():N}");
    private PostgresServer? _store;
    private PostfixServer? _relay;

    public int SmtpPort { get; } = FreePort.Next();

    /// <summary>The test CA's certificate (PEM), which issued the listener's.</summary>
    public string CaFile => Path.Combine(_files, "ca.pem");

    public PostgresServer Store => _store ?? throw new InvalidOperationException("The fixture has not started.");

    public PostfixServer Relay => _relay ?? throw new InvalidOperationException("The fixture has not started.");

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            // Also when the platform never started (a port taken, Postfix missing): the servers are ours to stop.
            if (_relay is not null)
            {
                await _relay.DisposeAsync();
            }

            _store?.Dispose();
            _ca.Dispose();
            if (Directory.Exists(_files))
            {
                Directory.Delete(_files, recursive: true);
            }
        }
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync()
    {
        Directory.CreateDirectory(_files);
        var certificateFile = Path.Combine(_files, "listener.pem");
        await File.WriteAllTextAsync(CaFile, _ca.CertificatePem);
        using (var certificate = _ca.Issue(ListenerName))
        {
            TestCertificateAuthority.WritePem(certificate, certificateFile);
        }

        // Postfix first: it says so at once when it is not installed. It only connects when mail is queued, so it may
        // start before the listener does.
        _relay = new PostfixServer(SmtpPort, CaFile, ListenerName);
        await _relay.StartAsync();
        _store = PostgresServer.StartPrivate();
        return new Dictionary<string, string?>
        {
            ["ConnectionStrings:Platform"] = await _store.CreateDatabaseAsync(),
            ["Smtp:ListenPort"] = SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Smtp:CertificatePath"] = certificateFile,
        };
    }
}
