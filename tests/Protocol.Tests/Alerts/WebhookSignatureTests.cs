using System.Security.Cryptography;
using System.Text;
using TlsRptPlatform.Protocol.Alerts;

namespace TlsRptPlatform.Protocol.Tests.Alerts;

public class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":\"al_1\"}");

    [Fact]
    public void The_signature_is_an_hmac_of_timestamp_dot_body_as_documented()
    {
        var header = WebhookSignature.Create("s3cret", 1_700_000_000, Body);

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), Encoding.UTF8.GetBytes("1700000000.{\"id\":\"al_1\"}")));
        Assert.Equal($"t=1700000000,v1={expected}", header);
    }

    [Fact]
    public void A_receiver_accepts_the_genuine_call_and_refuses_tampering_other_secrets_and_replays()
    {
        var header = WebhookSignature.Create("s3cret", 1_700_000_000, Body);

        Assert.True(WebhookSignature.Verify("s3cret", header, Body, 1_700_000_060, 300));
        Assert.False(WebhookSignature.Verify("other", header, Body, 1_700_000_060, 300));
        Assert.False(WebhookSignature.Verify("s3cret", header, Encoding.UTF8.GetBytes("{\"id\":\"al_2\"}"), 1_700_000_060, 300));
        Assert.False(WebhookSignature.Verify("s3cret", header, Body, 1_700_001_000, 300));
        Assert.False(WebhookSignature.Verify("s3cret", null, Body, 1_700_000_060, 300));
        Assert.False(WebhookSignature.Verify("s3cret", "t=abc,v1=00", Body, 1_700_000_060, 300));
    }
}
