using System.Text;
using System.Text.Json.Nodes;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>
/// One delivery attempt's result as an MTA reports it to tlsrpt-collectd through sys4's libtlsrpt (what Postfix 3.10+
/// sends): a JSON datagram with the recipient domain (<c>d</c>), the TLS-RPT record the MTA looked up (<c>pr</c>), and
/// one policy with its numeric type, the failure details in libtlsrpt's one-letter keys, their count (<c>t</c>) and
/// the final result (<c>f</c>: 0 success, 1 failure). Written here from the format, not from libtlsrpt's code.
/// </summary>
public sealed record TlsRptDatagram(string Domain, string TlsRptRecord, TlsRptDatagram.Policy SessionPolicy, TlsRptDatagram.Failure? SessionFailure = null)
{
    /// <summary>libtlsrpt's <c>tlsrpt_policy_type_t</c>.</summary>
    public enum PolicyType
    {
        Tlsa = 1,
        Sts = 2,
        NoPolicyFound = 9,
    }

    /// <summary>libtlsrpt's <c>tlsrpt_failure_t</c>; tlsrpt-reportd turns them into RFC 8460 result types.</summary>
    public enum ResultCode
    {
        StarttlsNotSupported = 201,
        CertificateHostMismatch = 202,
        CertificateNotTrusted = 203,
        CertificateExpired = 204,
        ValidationFailure = 205,
        StsPolicyFetchError = 301,
        StsPolicyInvalid = 302,
        StsWebpkiInvalid = 303,
        TlsaInvalid = 304,
        DnssecInvalid = 305,
        DaneRequired = 306,
    }

    public byte[] ToBytes()
    {
        var policy = new JsonObject { ["policy-type"] = (int)SessionPolicy.Type };
        if (SessionPolicy.Domain is not null)
        {
            policy["policy-domain"] = SessionPolicy.Domain;
        }

        if (SessionPolicy.Strings.Count > 0)
        {
            policy["policy-string"] = new JsonArray([.. SessionPolicy.Strings.Select(s => (JsonNode)s)]);
        }

        if (SessionPolicy.MxHosts.Count > 0)
        {
            policy["mx-host"] = new JsonArray([.. SessionPolicy.MxHosts.Select(s => (JsonNode)s)]);
        }

        if (SessionFailure is { } failure)
        {
            var detail = new JsonObject
            {
                ["c"] = (int)failure.Code,
                ["s"] = failure.SendingMtaIp,
                ["n"] = failure.ReceivingMxHostname,
            };
            Optional(detail, "h", failure.ReceivingMxHelo);
            detail["r"] = failure.ReceivingIp;
            Optional(detail, "a", failure.AdditionalInformation);
            policy["failure-details"] = new JsonArray(detail);
        }

        policy["t"] = SessionFailure is null ? 0 : 1;
        policy["f"] = SessionFailure is null ? 0 : 1;
        var datagram = new JsonObject
        {
            ["d"] = Domain,
            ["pr"] = TlsRptRecord,
            // The datagram protocol version this collectd checks for.
            ["dpv"] = "1",
            ["policies"] = new JsonArray(policy),
        };
        return Encoding.UTF8.GetBytes(datagram.ToJsonString());
    }

    private static void Optional(JsonObject detail, string key, string? value)
    {
        if (value is not null)
        {
            detail[key] = value;
        }
    }

    /// <summary>The policy the MTA applied. Postfix sends <c>no-policy-found</c> with no domain, strings or MX patterns.</summary>
    public sealed record Policy(PolicyType Type, string? Domain, IReadOnlyList<string> Strings, IReadOnlyList<string> MxHosts);

    public sealed record Failure(ResultCode Code, string SendingMtaIp, string ReceivingMxHostname, string ReceivingIp, string? ReceivingMxHelo = null, string? AdditionalInformation = null);
}
