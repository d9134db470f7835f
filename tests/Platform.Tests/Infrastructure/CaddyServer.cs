using System.Diagnostics;
using System.Globalization;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// Debian's Caddy as the TLS front of the policy host, run as a private process: its own configuration and data
/// directories (XDG_CONFIG_HOME, XDG_DATA_HOME), loopback ports of its own, no admin endpoint, nothing installed into
/// the system trust store. Certificates come on demand from Caddy's internal CA, after the platform's ask endpoint
/// said yes — the set-up docs/MTA-STS-HOSTING.md describes, with <c>tls internal</c> instead of a public CA.
/// </summary>
public sealed class CaddyServer : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tlsrpt-caddy-").FullName;
    private LoggedProcess? _process;

    public int HttpsPort { get; } = FreePort.Next();

    public int HttpPort { get; } = FreePort.Next();

    /// <summary>Caddy's internal root CA, which it writes into its data directory on start.</summary>
    public string RootCertificatePath => Path.Combine(_directory, "data", "caddy", "pki", "authorities", "local", "root.crt");

    public string Log => _process?.Log() ?? string.Empty;

    /// <summary>The caddy binary; a clear failure naming the package when it is missing (tools/test-prerequisites.sh installs it).</summary>
    public static string Binary()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(dir => Path.Combine(dir, "caddy")).FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            "Caddy is not installed: these tests need Debian's 'caddy' package (apt-get install -y caddy; tools/test-prerequisites.sh installs it).");
    }

    /// <summary>Starts Caddy in front of <paramref name="upstream"/>, asking <paramref name="platform"/> before every certificate.</summary>
    public async Task StartAsync(Uri platform, Uri upstream)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(upstream);
        var config = Path.Combine(_directory, "Caddyfile");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $$"""
            {
            	admin off
            	http_port {{HttpPort}}
            	https_port {{HttpsPort}}
            	skip_install_trust
            	auto_https disable_redirects
            	on_demand_tls {
            		ask {{new Uri(platform, "/v1/mta-sts/ask")}}
            	}
            }

            https:// {
            	bind 127.0.0.1
            	tls internal {
            		on_demand
            	}
            	reverse_proxy {{upstream.Authority}}
            }
            """));
        var start = new ProcessStartInfo(Binary()) { ArgumentList = { "run", "--config", config, "--adapter", "caddyfile" } };
        start.Environment["XDG_DATA_HOME"] = Path.Combine(_directory, "data");
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_directory, "config");
        start.Environment["HOME"] = _directory;
        _process = LoggedProcess.Start(start);
        await _process.WaitForAsync(() => File.Exists(RootCertificatePath), "Caddy wrote its internal root certificate");
        await _process.WaitForLineAsync(l => l.Contains("serving initial configuration", StringComparison.Ordinal), "Caddy serves its configuration");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
