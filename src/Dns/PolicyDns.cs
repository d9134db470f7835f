using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;

namespace TlsRptPlatform.Dns;

/// <summary>
/// The DNS lookups the policy checks need, through the configured resolvers (UDP with TCP fallback, time-outs,
/// retries, DNSSEC OK so the AD bit is meaningful). Failures come back as <see cref="DnsOutcome.Failed"/>, never as
/// "no records": a time-out must not turn a domain's valid policy into a missing one.
/// </summary>
public sealed class PolicyDns
{
    private readonly LookupClient _client;

    public PolicyDns(IOptions<DnsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var endpoints = value.Endpoints();
        var clientOptions = endpoints.Count > 0 ? new LookupClientOptions(endpoints.ToArray()) : new LookupClientOptions();
        clientOptions.Timeout = value.Timeout;
        clientOptions.Retries = value.Retries;
        clientOptions.UseTcpFallback = true;
        clientOptions.UseCache = false;
        clientOptions.ThrowDnsErrors = false;
        clientOptions.ContinueOnDnsError = false;
        clientOptions.RequestDnsSecRecords = true;
        _client = new LookupClient(clientOptions);
    }

    /// <summary>TXT records, each as its strings in order (RFC 8460 §3 and RFC 8461 §3.1 join them).</summary>
    public Task<DnsAnswer<IReadOnlyList<string>>> TxtAsync(string name, CancellationToken cancellationToken = default) =>
        QueryAsync(name, QueryType.TXT, r => r.TxtRecords().Select(t => (IReadOnlyList<string>)t.Text.ToList()), cancellationToken);

    public Task<DnsAnswer<MxHost>> MxAsync(string domain, CancellationToken cancellationToken = default) =>
        QueryAsync(domain, QueryType.MX, r => r.MxRecords().Select(m => new MxHost(m.Preference, m.Exchange.Value.TrimEnd('.'))), cancellationToken);

    public Task<DnsAnswer<TlsaRecord>> TlsaAsync(string mxHost, CancellationToken cancellationToken = default) =>
        QueryAsync($"_25._tcp.{mxHost}", QueryType.TLSA, r => r.OfType<DnsClient.Protocol.TlsaRecord>().Select(ToTlsa), cancellationToken);

    /// <summary>The CNAME at a name (not followed): where a customer's <c>mta-sts.&lt;domain&gt;</c> points.</summary>
    public Task<DnsAnswer<string>> CnameAsync(string name, CancellationToken cancellationToken = default) =>
        QueryAsync(name, QueryType.CNAME, r => r.CnameRecords().Select(c => c.CanonicalName.Value.TrimEnd('.').ToLowerInvariant()), cancellationToken);

    public async Task<DnsAnswer<IPAddress>> AddressesAsync(string host, CancellationToken cancellationToken = default)
    {
        var v4 = await QueryAsync(host, QueryType.A, r => r.ARecords().Select(a => a.Address), cancellationToken);
        var v6 = await QueryAsync(host, QueryType.AAAA, r => r.AaaaRecords().Select(a => a.Address), cancellationToken);
        var records = v4.Records.Concat(v6.Records).ToList();
        if (records.Count > 0)
        {
            return new DnsAnswer<IPAddress>(DnsOutcome.Answered, records, v4.Authenticated && v6.Authenticated, null);
        }

        return v4.Outcome == DnsOutcome.Failed ? v4 : v6;
    }

    private async Task<DnsAnswer<T>> QueryAsync<T>(
        string name, QueryType type, Func<IEnumerable<DnsResourceRecord>, IEnumerable<T>> select, CancellationToken cancellationToken)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, type, QueryClass.IN, cancellationToken);
        }
        catch (DnsResponseException ex)
        {
            return new DnsAnswer<T>(DnsOutcome.Failed, [], false, $"{type} {name}: {ex.Code}");
        }
        catch (DnsResponseParseException ex)
        {
            // A server that answers garbage is a failed lookup, not a crash of whoever asked.
            return new DnsAnswer<T>(DnsOutcome.Failed, [], false, $"{type} {name}: unreadable answer ({ex.Message.Split('\n')[0]})");
        }

        if (response.Header.ResponseCode is DnsHeaderResponseCode.NotExistentDomain)
        {
            return new DnsAnswer<T>(DnsOutcome.NoRecords, [], response.Header.IsAuthenticData, null);
        }

        if (response.HasError)
        {
            return new DnsAnswer<T>(DnsOutcome.Failed, [], false, $"{type} {name}: {response.ErrorMessage}");
        }

        var records = select(response.Answers).ToList();
        return new DnsAnswer<T>(records.Count > 0 ? DnsOutcome.Answered : DnsOutcome.NoRecords, records, response.Header.IsAuthenticData, null);
    }

    private static TlsaRecord ToTlsa(DnsClient.Protocol.TlsaRecord record) =>
        new((int)record.CertificateUsage, (int)record.Selector, (int)record.MatchingType, record.CertificateAssociationDataAsString.ToLowerInvariant());
}
