using System.Net;
using TlsRptPlatform.Api.Mail;

namespace TlsRptPlatform.Platform.Tests.Mail;

/// <summary>How the SMTP listener counts clients against <c>Smtp:MaxConnectionsPerAddress</c> and <c>Smtp:MaxConnections</c>.</summary>
public class ConnectionQuotaTests
{
    [Fact]
    public void An_ipv6_host_counts_by_its_64_so_fresh_addresses_from_it_do_not_raise_its_quota()
    {
        var quota = new ConnectionQuota(maxConnections: 100, maxPerClient: 2);

        var first = quota.TryAdmit(IPAddress.Parse("2001:db8:1:2::1"));
        var second = quota.TryAdmit(IPAddress.Parse("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        var sameSlash64 = quota.TryAdmit(IPAddress.Parse("2001:db8:1:2::abcd"));
        var otherSlash64 = quota.TryAdmit(IPAddress.Parse("2001:db8:1:3::1"));

        Assert.NotNull(first.Lease);
        Assert.NotNull(second.Lease);
        Assert.Null(sameSlash64.Lease);
        Assert.StartsWith("421 ", sameSlash64.Refusal, StringComparison.Ordinal);
        Assert.NotNull(otherSlash64.Lease);
    }

    [Fact]
    public void A_clients_sessions_share_one_buffer_allowance_and_another_client_has_its_own()
    {
        var quota = new ConnectionQuota(maxConnections: 100, maxPerClient: 10, maxBufferedPerClient: 1_000);
        var first = quota.TryAdmit(IPAddress.Parse("192.0.2.1")).Lease!;
        var second = quota.TryAdmit(IPAddress.Parse("192.0.2.1")).Lease!;
        var other = quota.TryAdmit(IPAddress.Parse("192.0.2.2")).Lease!;

        Assert.True(first.TryBuffer(600));
        Assert.False(second.TryBuffer(500));
        Assert.True(second.TryBuffer(400));
        Assert.True(other.TryBuffer(1_000));
        Assert.True(first.TryBuffer(100));   // consumed input frees room …
        Assert.True(second.TryBuffer(900));  // … for the client's other session
        second.Dispose();                    // and a closed session gives back what it held
        Assert.True(first.TryBuffer(1_000));
        Assert.False(first.TryBuffer(1_001));
    }

    [Fact]
    public void An_ipv4_mapped_address_counts_as_the_ipv4_address()
    {
        var quota = new ConnectionQuota(maxConnections: 100, maxPerClient: 1);

        var plain = quota.TryAdmit(IPAddress.Parse("192.0.2.7"));
        var mapped = quota.TryAdmit(IPAddress.Parse("::ffff:192.0.2.7"));

        Assert.NotNull(plain.Lease);
        Assert.Null(mapped.Lease);
    }

    [Fact]
    public void A_lease_given_back_twice_frees_one_place_only()
    {
        var quota = new ConnectionQuota(maxConnections: 2, maxPerClient: 2);
        var address = IPAddress.Parse("192.0.2.8");
        var first = quota.TryAdmit(address);
        var second = quota.TryAdmit(address);

        first.Lease!.Dispose();
        first.Lease.Dispose();
        var third = quota.TryAdmit(address);
        var fourth = quota.TryAdmit(IPAddress.Parse("192.0.2.9"));

        Assert.NotNull(second.Lease);
        Assert.NotNull(third.Lease);
        Assert.Null(fourth.Lease);
        Assert.StartsWith("421 4.3.2", fourth.Refusal, StringComparison.Ordinal);
    }
}
