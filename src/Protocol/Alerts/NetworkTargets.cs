using System.Net;
using System.Net.Sockets;

namespace TlsRptPlatform.Protocol.Alerts;

/// <summary>
/// The SSRF guard for outbound alert deliveries: which addresses a tenant-supplied URL may never reach (loopback,
/// private, link-local, CGNAT, multicast, unspecified, IPv6 unique-local and the like), and which URLs are acceptable.
/// </summary>
/// <remarks>
/// IPv6 is judged by an allow-list: only global unicast (<c>2000::/3</c>, RFC 4291 §2.4) may be reached, less the
/// special-purpose blocks inside it. Everything else in the IPv6 space is reserved, local or a transition form that a
/// network may route to an IPv4 address (IPv4-compatible <c>::/96</c>, SIIT <c>::ffff:0:0:0/96</c>, local-use NAT64
/// <c>64:ff9b:1::/48</c>); a deny-list would have to know every such form, an allow-list cannot forget one. The
/// forms with a well-defined embedded IPv4 address (IPv4-mapped, the well-known NAT64 prefix, 6to4) are judged by
/// that address.
/// </remarks>
public static class NetworkTargets
{
    // IANA IPv4 Special-Purpose Address Registry, the entries that are not globally reachable.
    private static readonly IPNetwork[] ForbiddenV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),          // "this network", unspecified
        IPNetwork.Parse("10.0.0.0/8"),         // private
        IPNetwork.Parse("100.64.0.0/10"),      // CGNAT
        IPNetwork.Parse("127.0.0.0/8"),        // loopback
        IPNetwork.Parse("169.254.0.0/16"),     // link-local, cloud metadata
        IPNetwork.Parse("172.16.0.0/12"),      // private
        IPNetwork.Parse("192.0.0.0/24"),       // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),       // documentation (TEST-NET-1)
        IPNetwork.Parse("192.88.99.0/24"),     // 6to4 relay anycast (RFC 7526: deprecated)
        IPNetwork.Parse("192.168.0.0/16"),     // private
        IPNetwork.Parse("198.18.0.0/15"),      // benchmarking
        IPNetwork.Parse("198.51.100.0/24"),    // documentation (TEST-NET-2)
        IPNetwork.Parse("203.0.113.0/24"),     // documentation (TEST-NET-3)
        IPNetwork.Parse("224.0.0.0/4"),        // multicast
        IPNetwork.Parse("240.0.0.0/4"),        // reserved, broadcast
    ];

    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    // Blocks inside 2000::/3 that are not globally reachable or that tunnel to where we cannot see.
    private static readonly IPNetwork[] ForbiddenGlobalV6 =
    [
        IPNetwork.Parse("2001::/32"),          // Teredo: the relay reaches an obfuscated IPv4 address, unverifiable
        IPNetwork.Parse("2001::/23"),          // IETF protocol assignments (benchmarking 2001:2::/48, ORCHID, …)
        IPNetwork.Parse("2001:db8::/32"),      // documentation
        IPNetwork.Parse("3fff::/20"),          // documentation (RFC 9637)
        IPNetwork.Parse("5f00::/16"),          // SRv6 SIDs (RFC 9602)
    ];

    private static readonly IPNetwork Nat64WellKnown = IPNetwork.Parse("64:ff9b::/96"); // RFC 6052 §2.1
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");         // RFC 3056 §2

    /// <summary>True when <paramref name="address"/> must not be reached by a tenant-supplied URL.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ForbiddenV4.Any(n => n.Contains(address));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return IsForbidden(address.MapToIPv4());
        }

        var bytes = address.GetAddressBytes();
        if (Nat64WellKnown.Contains(address))
        {
            return IsForbidden(new IPAddress(bytes[12..]));
        }

        if (SixToFour.Contains(address))
        {
            return IsForbidden(new IPAddress(bytes[2..6]));
        }

        return !GlobalUnicastV6.Contains(address) || ForbiddenGlobalV6.Any(n => n.Contains(address));
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
}
