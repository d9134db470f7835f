using System.Globalization;
using System.Net;

namespace TlsRptPlatform.Dns;

/// <summary>Configuration section <c>Dns</c>: how policy lookups reach DNS.</summary>
public sealed class DnsOptions
{
    /// <summary><c>Dns:Servers</c>: resolvers as <c>ip[:port]</c>. When set, every lookup goes through them, never the OS resolver.</summary>
    public IList<string> Servers { get; set; } = [];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    public int Retries { get; set; } = 2;

    public IReadOnlyList<IPEndPoint> Endpoints() => Servers.Select(Parse).ToList();

    private static IPEndPoint Parse(string server)
    {
        if (IPEndPoint.TryParse(server, out var endpoint))
        {
            return endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint;
        }

        throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Dns:Servers entry '{server}' is not ip[:port]."));
    }
}
