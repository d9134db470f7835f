using System.Net;
using TlsRptPlatform.Protocol.Alerts;

namespace TlsRptPlatform.Protocol.Tests.Alerts;

public class NetworkTargetsTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("224.0.0.251")]
    [InlineData("239.255.255.250")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("192.0.2.1")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("192.88.99.1")]
    public void Internal_addresses_are_forbidden(string address) =>
        Assert.True(NetworkTargets.IsForbidden(IPAddress.Parse(address)), address);

    // Every IPv6 form that embeds, translates or routes to an IPv4 address or a non-global range: one case each.
    [Theory]
    [InlineData("::127.0.0.1", "IPv4-compatible ::/96, dotted loopback")]
    [InlineData("::7f00:1", "IPv4-compatible ::/96, hex loopback")]
    [InlineData("::808:808", "IPv4-compatible ::/96 is deprecated (RFC 4291 §2.5.5.1) even for a public IPv4")]
    [InlineData("::ffff:0:7f00:1", "IPv4-translated ::ffff:0:0:0/96 (SIIT)")]
    [InlineData("::ffff:169.254.169.254", "IPv4-mapped ::ffff:0:0/96 of cloud metadata")]
    [InlineData("2002:7f00:1::", "6to4 2002::/16 of loopback")]
    [InlineData("2002:a00:1::1", "6to4 2002::/16 of a private address")]
    [InlineData("2002:a9fe:a9fe::1", "6to4 2002::/16 of cloud metadata")]
    [InlineData("64:ff9b::7f00:1", "well-known NAT64 64:ff9b::/96 of loopback")]
    [InlineData("64:ff9b:1::7f00:1", "local-use NAT64 64:ff9b:1::/48")]
    [InlineData("64:ff9b:1::808:808", "local-use NAT64 64:ff9b:1::/48 whatever it embeds")]
    [InlineData("100::1", "discard-only 100::/64")]
    [InlineData("fec0::1", "site-local fec0::/10")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo 2001::/32")]
    [InlineData("2001:2::1", "benchmarking 2001:2::/48")]
    [InlineData("2001:db8::1", "documentation 2001:db8::/32")]
    [InlineData("3fff::1", "documentation 3fff::/20")]
    [InlineData("5f00::1", "SRv6 SIDs 5f00::/16")]
    [InlineData("fc00::1", "unique-local fc00::/7")]
    [InlineData("fe80::1", "link-local fe80::/10")]
    [InlineData("ff0e::1", "global-scope multicast ff00::/8")]
    [InlineData("4000::1", "outside global unicast 2000::/3")]
    public void IPv6_forms_that_reach_internal_space_are_forbidden(string address, string form) =>
        Assert.True(NetworkTargets.IsForbidden(IPAddress.Parse(address)), $"{address}: {form}");

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    [InlineData("2a00:1450:4001:82b::200e")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.False(NetworkTargets.IsForbidden(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("http://hooks.example.com/x", "https://")]
    [InlineData("https://127.0.0.1/x", "internal")]
    [InlineData("https://[::1]:8443/x", "internal")]
    [InlineData("https://[::127.0.0.1]/", "internal")]
    [InlineData("https://[::7f00:1]/", "internal")]
    [InlineData("https://[2002:7f00:1::]/", "internal")]
    [InlineData("https://[64:ff9b:1::7f00:1]/", "internal")]
    [InlineData("https://[100::1]/", "internal")]
    [InlineData("https://[fec0::1]/", "internal")]
    [InlineData("https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "internal")]
    [InlineData("https://2130706433/", "internal")]
    [InlineData("https://0x7f.1/", "internal")]
    [InlineData("https://localhost./x", "internal")]
    [InlineData("https://169.254.169.254/latest/meta-data", "internal")]
    [InlineData("https://localhost/x", "internal")]
    [InlineData("https://api.localhost/x", "internal")]
    [InlineData("https://user:secret@hooks.example.com/x", "user name")]
    [InlineData("hooks.example.com/x", "absolute")]
    [InlineData("", "absolute")]
    public void Webhook_urls_to_internal_targets_or_without_tls_are_refused(string url, string reason)
    {
        var refused = NetworkTargets.CheckUrl(url, allowPrivateTargets: false, out var uri);

        Assert.NotNull(refused);
        Assert.Contains(reason, refused, StringComparison.Ordinal);
        Assert.Null(uri);
    }

    [Theory]
    [InlineData("https://hooks.example.com/tlsrpt", false)]
    [InlineData("https://93.184.216.34:8443/x", false)]
    [InlineData("http://127.0.0.1:5000/hook", true)]
    public void Acceptable_webhook_urls_pass(string url, bool allowPrivate)
    {
        Assert.Null(NetworkTargets.CheckUrl(url, allowPrivate, out var uri));
        Assert.Equal(new Uri(url), uri);
    }
}
