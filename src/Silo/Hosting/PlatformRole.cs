namespace TlsRptPlatform.Silo.Hosting;

/// <summary><c>Platform:Role</c>: what this process does in the cluster (DESIGN D1).</summary>
public enum PlatformRole
{
    /// <summary>Silo and HTTP API in one process: the laptop default, and a valid cluster member.</summary>
    All,

    /// <summary>Hosts grains; serves only health over HTTP, and metrics on the management port.</summary>
    Silo,

    /// <summary>Serves the HTTP API as an Orleans client; hosts no grains.</summary>
    Gateway,

    /// <summary>Serves only hosted MTA-STS policies (and the certificate ask) and health, from the store; no Orleans at all.</summary>
    Policy,
}
