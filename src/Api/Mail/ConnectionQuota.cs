using System.Net;
using System.Net.Sockets;

namespace TlsRptPlatform.Api.Mail;

/// <summary>
/// Who may open an SMTP session now: at most <c>Smtp:MaxConnections</c> at once, and at most
/// <c>Smtp:MaxConnectionsPerAddress</c> of them from one client, so that one host holding idle connections cannot use up
/// the whole listener and lock out every other sender.
/// </summary>
internal sealed class ConnectionQuota(int maxConnections, int maxPerClient)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, int> _perClient = [];
    private int _total;

    /// <summary>A session's place in the quota, or the reason there is none.</summary>
    public ConnectionAdmission TryAdmit(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var client = ClientOf(address);
        lock (_gate)
        {
            if (_total >= maxConnections)
            {
                return ConnectionAdmission.Refused("421 4.3.2 Too many connections; try again later.");
            }

            var held = _perClient.GetValueOrDefault(client);
            if (held >= maxPerClient)
            {
                return ConnectionAdmission.Refused("421 4.7.0 Too many connections from your address; try again later.");
            }

            _perClient[client] = held + 1;
            _total++;
        }

        return ConnectionAdmission.Admitted(new Lease(this, client));
    }

    private void Release(IPAddress client)
    {
        lock (_gate)
        {
            _total--;
            var held = _perClient[client] - 1;
            if (held == 0)
            {
                // Forget idle clients, so that the table does not grow with every address ever seen.
                _perClient.Remove(client);
            }
            else
            {
                _perClient[client] = held;
            }
        }
    }

    /// <summary>
    /// The unit a quota is counted in. An IPv6 host usually has a whole /64 to itself and can pick a fresh address
    /// from it for every connection, so IPv6 clients count by their /64; IPv4-mapped addresses (a dual-mode socket)
    /// count as the IPv4 address they are.
    /// </summary>
    private static IPAddress ClientOf(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    private sealed class Lease(ConnectionQuota quota, IPAddress client) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                quota.Release(client);
            }
        }
    }
}
