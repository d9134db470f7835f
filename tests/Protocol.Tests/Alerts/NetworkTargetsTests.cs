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
    public void Internal_addresses_are_forbidden(string address) =>
        Assert.True(NetworkTargets.IsForbidden(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::808:808")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.False(NetworkTargets.IsForbidden(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("http://hooks.example.com/x", "https://")]
    [InlineData("https://127.0.0.1/x", "internal")]
    [InlineData("https://[::1]:8443/x", "internal")]
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
