using System.Globalization;
using System.Text.Json;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Protocol.Policies;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Grains.Policies;

/// <summary>
/// Turns lookup results into the domain's policy state and findings (digest §1, §4, §5). Pure: no I/O, so every
/// finding is unit-tested. A failed lookup makes its part <c>unknown</c>, never <c>missing</c>.
/// </summary>
public static class PolicyJudge
{
    private const long OneDay = 86_400;

    public static PolicySnapshot Judge(PolicyObservations o, DateTimeOffset checkedAt)
    {
        ArgumentNullException.ThrowIfNull(o);
        var findings = new List<Finding>();
        var errors = new[] { o.TlsRptTxt.Error, o.MtaStsTxt.Error, o.Mx.Error }
            .Concat(o.Tlsa.Values.Select(t => t.Error)).OfType<string>().ToList();

        var tlsRpt = JudgeTlsRpt(o, findings);
        var (mtaSts, policy) = JudgeMtaSts(o, findings);
        var mx = JudgeMx(o, policy, findings);
        findings.AddRange(errors.Select(e => new Finding("dns-lookup-failed", FindingSeverity.Warning,
            $"A DNS lookup failed ({e}); the parts it covers are shown as unknown, not as missing.",
            "Check that the domain's name servers answer; the next check retries.")));

        return new PolicySnapshot(checkedAt, tlsRpt, mtaSts, mx, findings, errors);
    }

    private static TlsRptState JudgeTlsRpt(PolicyObservations o, List<Finding> findings)
    {
        var name = $"_smtp._tls.{o.Domain}";
        var publish = $"Publish one TXT record at {name}: v=TLSRPTv1; rua={string.Join(',', o.OwnReportAddresses)}";
        if (o.TlsRptTxt.Outcome == DnsOutcome.Failed)
        {
            return new TlsRptState("unknown", [], false, null);
        }

        var lookup = TlsRptRecordParser.Evaluate(o.TlsRptTxt.Records);
        switch (lookup.Status)
        {
            case RecordStatus.Missing:
                findings.Add(new Finding("tlsrpt-missing", FindingSeverity.Error, $"There is no TLS-RPT record at {name}, so no sender reports to you.", publish));
                return new TlsRptState("missing", [], false, null);
            case RecordStatus.Invalid:
                var several = lookup.Problems.Any(p => p.Contains("TXT records", StringComparison.Ordinal));
                findings.Add(new Finding(several ? "tlsrpt-multiple" : "tlsrpt-invalid", FindingSeverity.Error,
                    $"The TLS-RPT record at {name} is not usable: {string.Join(" ", lookup.Problems)} Senders ignore it.",
                    several ? $"Keep exactly one record starting with v=TLSRPTv1 at {name}." : publish));
                return new TlsRptState("invalid", [], false, null);
        }

        var rua = lookup.Record!.Rua.Select(u => u.OriginalString).ToList();
        var pointsHere = rua.Any(u => o.OwnReportAddresses.Contains(u, StringComparer.OrdinalIgnoreCase));
        if (!pointsHere)
        {
            findings.Add(new Finding("tlsrpt-not-here", FindingSeverity.Warning,
                $"The TLS-RPT record at {name} does not send reports to this platform.",
                $"Add {string.Join(" and ", o.OwnReportAddresses)} to its rua list."));
        }

        return new TlsRptState("valid", rua, pointsHere, lookup.Record.Text);
    }

    private static (MtaStsState State, MtaStsPolicy? Policy) JudgeMtaSts(PolicyObservations o, List<Finding> findings)
    {
        var name = $"_mta-sts.{o.Domain}";
        var fetch = o.PolicyFetch;
        var policy = fetch.Policy;
        var fetchName = JsonNamingPolicy.KebabCaseLower.ConvertName(fetch.Outcome.ToString());
        var lookup = o.MtaStsTxt.Outcome == DnsOutcome.Failed ? null : MtaStsRecordParser.Evaluate(o.MtaStsTxt.Records);

        string status;
        if (lookup is null)
        {
            status = "unknown";
        }
        else if (lookup.Status == RecordStatus.Invalid)
        {
            status = "invalid";
            findings.Add(new Finding("mtasts-txt-invalid", FindingSeverity.Error,
                $"The MTA-STS record at {name} is not usable: {string.Join(" ", lookup.Problems)}",
                $"Keep exactly one record at {name}: v=STSv1; id=<1–32 letters and digits>;"));
        }
        else if (lookup.Status == RecordStatus.Missing)
        {
            status = "missing";
            if (policy is not null)
            {
                findings.Add(new Finding("mtasts-policy-without-txt", FindingSeverity.Warning,
                    $"A policy is served at mta-sts.{o.Domain}, but there is no TXT record at {name}, so senders never fetch it.",
                    $"Publish v=STSv1; id=<a new id>; at {name}."));
            }
            else if (o.HostedPolicyId is { } hostedId)
            {
                findings.Add(new Finding("mtasts-missing", FindingSeverity.Warning,
                    $"This platform serves an MTA-STS policy for {o.Domain}, but there is no TXT record at {name}, so senders never fetch it.",
                    $"Publish one TXT record at {name}: v=STSv1; id={hostedId}"));
            }
            else
            {
                findings.Add(new Finding("mtasts-missing", FindingSeverity.Info,
                    "The domain has no MTA-STS policy: senders may deliver without TLS or to an impostor MX.",
                    $"Serve a policy at https://mta-sts.{o.Domain}/.well-known/mta-sts.txt and publish v=STSv1; id=<id>; at {name}."));
            }
        }
        else
        {
            status = policy is null ? "invalid" : "valid";
            if (o.HostedPolicyId is { } hostedId && lookup.Record!.Id != hostedId)
            {
                // RFC 8461 §3.1: senders refetch only when the id changes, so one that cached the old policy keeps it
                // for up to its max_age while the TXT record announces a stale id.
                findings.Add(new Finding("mtasts-id-stale", FindingSeverity.Error,
                    $"The MTA-STS record at {name} announces id {lookup.Record.Id}, but the policy this platform serves for {o.Domain} has id {hostedId}: senders that cached an older policy keep using it.",
                    $"Publish one TXT record at {name}: v=STSv1; id={hostedId}"));
            }

            if (policy is null)
            {
                findings.Add(new Finding($"mtasts-policy-{fetchName}", FindingSeverity.Error,
                    $"The TXT record at {name} announces a policy, but fetching it failed: {fetch.Detail}",
                    FixFor(fetch.Outcome, o.Domain)));
            }
        }

        if (policy is not null)
        {
            if (policy.Mode == MtaStsMode.Testing)
            {
                findings.Add(new Finding("mtasts-mode-testing", FindingSeverity.Info,
                    "The MTA-STS policy is in testing mode: failures are reported but mail is still delivered.",
                    "Once the reports show no failures, change the policy to mode: enforce (and change the TXT id)."));
            }
            else if (policy.Mode == MtaStsMode.None)
            {
                findings.Add(new Finding("mtasts-mode-none", FindingSeverity.Warning,
                    "The MTA-STS policy is in mode none: it protects nothing.",
                    "Use mode: testing, then enforce; or remove the policy and its TXT record."));
            }

            if (policy.MaxAge.TotalSeconds < OneDay)
            {
                findings.Add(new Finding("mtasts-max-age-short", FindingSeverity.Warning,
                    string.Create(CultureInfo.InvariantCulture, $"max_age is {policy.MaxAge.TotalSeconds:0} seconds; senders forget the policy within a day."),
                    "Use a max_age of at least 86400 (one day); 604800 (a week) or more is common."));
            }
        }

        return (new MtaStsState(status, lookup?.Record?.Id, policy?.Mode.ToString().ToLowerInvariant(), policy?.Mx ?? [],
            policy is null ? null : (long)policy.MaxAge.TotalSeconds, fetchName, fetch.Certificate), policy);
    }

    private static List<MxState> JudgeMx(PolicyObservations o, MtaStsPolicy? policy, List<Finding> findings)
    {
        if (o.Mx.Outcome == DnsOutcome.NoRecords)
        {
            findings.Add(new Finding("mx-missing", FindingSeverity.Warning,
                $"{o.Domain} has no MX records; mail goes to its address records, if any.",
                "Publish MX records for the hosts that receive mail for the domain."));
        }

        var states = new List<MxState>();
        foreach (var mx in o.Mx.Records.OrderBy(m => m.Preference).ThenBy(m => m.Host, StringComparer.Ordinal))
        {
            var matches = policy is null || policy.Mode == MtaStsMode.None ? (bool?)null : policy.Covers(mx.Host);
            if (matches == false)
            {
                findings.Add(new Finding("mtasts-mx-not-covered",
                    policy!.Mode == MtaStsMode.Enforce ? FindingSeverity.Error : FindingSeverity.Warning,
                    $"MX host {mx.Host} matches no mx pattern of the MTA-STS policy"
                        + (policy.Mode == MtaStsMode.Enforce ? ": senders that honour the policy refuse to deliver there." : "."),
                    $"Add 'mx: {mx.Host}' (or a matching '*.' pattern) to the policy and change the TXT id."));
            }

            var tlsa = o.Tlsa.GetValueOrDefault(mx.Host);
            var records = tlsa?.Records.Select(t => t.ToString()).ToList() ?? [];
            var authenticated = tlsa?.Authenticated ?? false;
            if (records.Count > 0 && !authenticated)
            {
                findings.Add(new Finding("dane-tlsa-without-dnssec", FindingSeverity.Error,
                    $"{mx.Host} publishes TLSA records, but they are not DNSSEC-validated, so DANE senders ignore them.",
                    $"Sign the zone of {mx.Host} with DNSSEC, or remove the TLSA records."));
            }

            states.Add(new MxState(mx.Host, mx.Preference, matches, records, authenticated));
        }

        return states;
    }

    private static string FixFor(PolicyFetchOutcome outcome, string domain) => outcome switch
    {
        PolicyFetchOutcome.BadCertificate => $"Serve mta-sts.{domain} with a certificate from a public CA that names mta-sts.{domain}.",
        PolicyFetchOutcome.BadStatus => $"Serve the policy at https://mta-sts.{domain}/.well-known/mta-sts.txt with status 200 and no redirect.",
        PolicyFetchOutcome.BadContentType => "Serve the policy as text/plain.",
        PolicyFetchOutcome.TooLarge => "Keep the policy under 64 KiB.",
        PolicyFetchOutcome.Invalid => "Fix the policy: version: STSv1 first, then mode, mx lines and max_age.",
        _ => $"Make sure mta-sts.{domain} resolves and answers HTTPS on port 443.",
    };
}
