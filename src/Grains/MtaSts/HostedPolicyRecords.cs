using TlsRptPlatform.Abstractions.MtaSts;
using TlsRptPlatform.Dns;
using TlsRptPlatform.Protocol.Policies;

namespace TlsRptPlatform.Grains.MtaSts;

/// <summary>
/// The two records a customer publishes for a hosted policy (the policy host by CNAME, the id by TXT) and whether DNS
/// shows them now, looked up through the platform's resolvers. A failed lookup is unknown, never "not published".
/// </summary>
public sealed class HostedPolicyRecords(PolicyDns dns)
{
    public async Task<IReadOnlyList<PolicyRecord>> DescribeAsync(string domain, string policyId, string policyHost, CancellationToken cancellationToken = default)
    {
        var hostName = $"mta-sts.{domain}";
        var idName = $"_mta-sts.{domain}";
        var target = policyHost.TrimEnd('.').ToLowerInvariant();
        var txtValue = $"v=STSv1; id={policyId}";
        var cname = dns.CnameAsync(hostName, cancellationToken);
        var txt = dns.TxtAsync(idName, cancellationToken);

        var cnameAnswer = await cname;
        var txtAnswer = await txt;
        var txtRecords = txtAnswer.Records.Select(r => string.Concat(r)).ToList();
        var lookup = MtaStsRecordParser.Evaluate(txtAnswer.Records);
        return
        [
            new PolicyRecord(hostName, "CNAME", target,
                cnameAnswer.Outcome == DnsOutcome.Failed ? null : cnameAnswer.Records.Contains(target, StringComparer.Ordinal),
                cnameAnswer.Records),
            new PolicyRecord(idName, "TXT", txtValue,
                txtAnswer.Outcome == DnsOutcome.Failed ? null : lookup.Status == RecordStatus.Valid && lookup.Record!.Id == policyId,
                txtRecords),
        ];
    }
}
