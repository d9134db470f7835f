using System.Net;
using System.Net.Sockets;

namespace TlsRptPlatform.Protocol.Alerts;

/// <summary>
/// The SSRF guard for outbound alert deliveries: which addresses a tenant-supplied URL may never reach (loopback,
/// private, link-local, CGNAT, multicast, unspecified, IPv6 unique-local and the like), and which URLs are acceptable.
/// </summary>
public static class NetworkTargets
{
    private static readonly (IPAddress Network, int Prefix)[] ForbiddenV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),         // "this network", unspecified
        (IPAddress.Parse("10.0.0.0"), 8),        // private
        (IPAddress.Parse("100.64.0.0"), 10),     // CGNAT
        (IPAddress.Parse("127.0.0.0"), 8),       // loopback
        (IPAddress.Parse("169.254.0.0"), 16),    // link-local, cloud metadata
        (IPAddress.Parse("172.16.0.0"), 12),     // private
        (IPAddress.Parse("192.0.0.0"), 24),      // IETF protocol assignments
        (IPAddress.Parse("192.168.0.0"), 16),    // private
        (IPAddress.Parse("198.18.0.0"), 15),     // benchmarking
        (IPAddress.Parse("224.0.0.0"), 4),       // multicast
        (IPAddress.Parse("240.0.0.0"), 4),       // reserved, broadcast
    ];

    private static readonly (IPAddress Network, int Prefix)[] ForbiddenV6 =
    [
        (IPAddress.IPv6None, 128),               // unspecified
        (IPAddress.IPv6Loopback, 128),
        (IPAddress.Parse("fc00::"), 7),          // unique local
        (IPAddress.Parse("fe80::"), 10),         // link-local
        (IPAddress.Parse("fec0::"), 10),         // site-local (deprecated)
        (IPAddress.Parse("ff00::"), 8),          // multicast
    ];

    private static readonly IPAddress Nat64 = IPAddress.Parse("64:ff9b::");

    /// <summary>True when <paramref name="address"/> must not be reached by a tenant-supplied URL.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsForbidden(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ForbiddenV4.Any(n => InNetwork(address, n.Network, n.Prefix));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true;
        }

        // NAT64 embeds an IPv4 address in its last 32 bits; judge that one.
        if (InNetwork(address, Nat64, 96))
        {
            return IsForbidden(new IPAddress(address.GetAddressBytes()[12..]));
        }

        return ForbiddenV6.Any(n => InNetwork(address, n.Network, n.Prefix));
    }

    /// <summary>
    /// Checks a webhook URL when a channel is created: absolute <c>https</c> (plain <c>http</c> only when private
    /// targets are allowed), no user information, and a host that is not a forbidden address or <c>localhost</c>.
    /// Host names are resolved and checked again at every delivery. Returns the reason it is refused, or null.
    /// </summary>
    public static string? CheckUrl(string? url, bool allowPrivateTargets, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return "The URL must be an absolute https:// URL of at most 2048 characters.";
        }

        if (parsed.Scheme != Uri.UriSchemeHttps && !(allowPrivateTargets && parsed.Scheme == Uri.UriSchemeHttp))
        {
            return "The URL must use https://.";
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            return "The URL must not carry a user name or password; the webhook is authenticated by its signature.";
        }

        if (!allowPrivateTargets)
        {
            var host = parsed.IdnHost.TrimEnd('.');
            if (IPAddress.TryParse(host, out var address) ? IsForbidden(address) : IsLocalName(host))
            {
                return $"The URL's host '{parsed.Host}' is a loopback, private, link-local or otherwise internal address.";
            }
        }

        uri = parsed;
        return null;
    }

    private static bool IsLocalName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private static bool InNetwork(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var whole = prefix / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(n.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = prefix % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }
}
