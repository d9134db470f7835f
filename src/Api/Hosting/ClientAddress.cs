using System.Net;
using System.Net.Sockets;

namespace TlsRptPlatform.Api.Hosting;

/// <summary>How a client is counted by per-address limits.</summary>
public static class ClientAddress
{
    /// <summary>
    /// The unit a quota is counted in. An IPv6 host usually has a whole /64 to itself and can pick a fresh address
    /// from it for every connection, so IPv6 clients count by their /64; IPv4-mapped addresses (a dual-mode socket)
    /// count as the IPv4 address they are.
    /// </summary>
    public static IPAddress QuotaUnit(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
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
}
