using System.Globalization;
using TlsRptPlatform.Abstractions.MtaSts;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Protocol.Policies;

namespace TlsRptPlatform.Grains.MtaSts;

/// <summary>
/// Decides whether a policy in testing may go to enforce, from the domain's own reports (pure: inputs in, checks out).
/// Every check says what it read, so a customer who is told "not yet" can see why, and one who is told "ready" can
/// see on what grounds.
/// </summary>
public static class ReadinessJudge
{
    /// <summary>Reports arrive a day late, and a reporter may skip a day without mail: the slack in "covers the window".</summary>
    public const int CoverageSlackDays = 2;

    /// <summary>The policy host's certificate must outlive the first weeks of enforce (a lapse there stops all mail).</summary>
    public const int PolicyHostCertificateDays = 30;

    public const string TestingPeriod = "testing-period";
    public const string Reporters = "reporters";
    public const string StsFailureRate = "sts-failure-rate";
    public const string MxCoverage = "mx-coverage";
    public const string MxCertificates = "mx-certificates";
    public const string PolicyHostCertificate = "policy-host-certificate";
    public const string PolicyPublished = "policy-published";

    public static MtaStsReadiness Judge(ReadinessInputs i, ReadinessOptions options)
    {
        ArgumentNullException.ThrowIfNull(i);
        ArgumentNullException.ThrowIfNull(options);
        var timeOnly = i.Organizations.Count < 2;
        var checks = new List<ReadinessCheck>
        {
            Testing(i, timeOnly ? options.TimeOnlyDays : options.Days, timeOnly),
            ReportersCheck(i, timeOnly, options),
            FailureRate(i, options),
            Coverage(i),
            MxCertificatesCheck(i),
            PolicyHost(i),
            Published(i),
        };
        return new MtaStsReadiness(
            checks.All(c => c.Passed), i.Mode == "testing" ? i.Since : null, i.Source, i.Mode, timeOnly ? "time-only" : "reports", i.From, i.To, checks);
    }

    private static ReadinessCheck Testing(ReadinessInputs i, int days, bool timeOnly)
    {
        var basis = timeOnly ? " (time-only basis: fewer than two organizations report on the domain, so the period is longer)" : string.Empty;
        if (i.Mode != "testing" || i.Since is not { } since)
        {
            return Check(TestingPeriod, false, i.Mode is null
                ? $"{i.Domain} has no MTA-STS policy in testing."
                : $"The policy is in mode {i.Mode}, not testing; readiness is judged for a policy in testing.");
        }

        var elapsed = (int)Math.Floor((i.Now - since).TotalDays);
        return Check(TestingPeriod, elapsed >= days, Text(
            $"In testing since {since:yyyy-MM-dd HH:mm} UTC: {elapsed} days of the {days} needed{basis}."));
    }

    private static ReadinessCheck ReportersCheck(ReadinessInputs i, bool timeOnly, ReadinessOptions options)
    {
        var covering = i.Organizations.Where(o => o.FirstDay <= i.From.AddDays(CoverageSlackDays) && o.LastDay >= i.To.AddDays(-CoverageSlackDays)).ToList();
        var listed = string.Join("; ", i.Organizations.Take(10).Select(o => Text($"{o.Organization}: {o.Reports} reports on {o.Days} days, {o.FirstDay:yyyy-MM-dd} to {o.LastDay:yyyy-MM-dd}")));
        if (timeOnly)
        {
            var who = i.Organizations.Count == 0 ? "no organization" : "only one organization";
            var named = listed.Length > 0 ? $" ({listed})" : string.Empty;
            return Check(Reporters, true, Text(
                $"Time-only basis: {who} reported on {i.Domain} between {i.From:yyyy-MM-dd} and {i.To:yyyy-MM-dd}{named}, so there are too few reports to judge by; the testing period is {options.TimeOnlyDays} days instead of {options.Days}."));
        }

        return Check(Reporters, covering.Count >= 2, Text(
            $"{covering.Count} of {i.Organizations.Count} reporting organizations cover {i.From:yyyy-MM-dd} to {i.To:yyyy-MM-dd} (reports within {CoverageSlackDays} days of both ends; at least 2 needed): {listed}."));
    }

    private static ReadinessCheck FailureRate(ReadinessInputs i, ReadinessOptions options)
    {
        var total = i.StsSuccessful + i.StsFailed;
        if (total == 0)
        {
            return Check(StsFailureRate, true, Text($"No sessions under an sts policy were reported between {i.From:yyyy-MM-dd} and {i.To:yyyy-MM-dd}: nothing that enforce would have refused."));
        }

        var percent = 100.0 * i.StsFailed / total;
        var refused = i.Refused.Count == 0
            ? string.Empty
            : " Enforce would have refused: " + string.Join("; ", i.Refused.Take(10).Select(r => Text($"{r.Sessions} × {r.ResultType} at {r.ReceivingMx}, reported by {r.Organization}"))) + ".";
        return new ReadinessCheck(StsFailureRate, percent <= options.MaxFailureRate, Text(
            $"{i.StsFailed} of {total} sessions under the sts policy failed between {i.From:yyyy-MM-dd} and {i.To:yyyy-MM-dd} ({percent:0.###} %; at most {options.MaxFailureRate:0.###} % allowed).{refused}"),
            i.Refused);
    }

    private static ReadinessCheck Coverage(ReadinessInputs i)
    {
        if (i.Snapshot is null)
        {
            return Check(MxCoverage, false, "The domain has not been checked yet, so its MX records are unknown.");
        }

        var inDns = i.Snapshot.Mx.Select(m => m.Host).ToList();
        var hosts = inDns.Concat(i.MxSeenInReports).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (hosts.Count == 0)
        {
            return Check(MxCoverage, false, $"Neither DNS nor the reports name an MX host of {i.Domain}.");
        }

        var policy = new MtaStsPolicy(MtaStsMode.Testing, i.Patterns, TimeSpan.Zero);
        var uncovered = hosts.Where(h => !policy.Covers(h)).ToList();
        var where = (string h) => inDns.Contains(h, StringComparer.OrdinalIgnoreCase) ? "in DNS" : "in reports";
        return uncovered.Count == 0
            ? Check(MxCoverage, true, Text($"All {hosts.Count} MX hosts ({string.Join(", ", hosts.Select(h => $"{h} {where(h)}"))}) match the mx patterns {string.Join(", ", i.Patterns)}."))
            : Check(MxCoverage, false, Text($"{string.Join(", ", uncovered.Select(h => $"{h} ({where(h)})"))} match no mx pattern ({string.Join(", ", i.Patterns)}): enforce would refuse delivery there."));
    }

    private static ReadinessCheck MxCertificatesCheck(ReadinessInputs i)
    {
        var mx = i.Snapshot?.Mx ?? [];
        var probed = mx.Where(m => m.Probe is not null).ToList();
        if (probed.Count == 0)
        {
            return Check(MxCertificates, true, "No MX host has been probed (MxProbe disabled or not run yet): certificates are judged by the sts failure rate alone.");
        }

        var bad = new List<string>();
        var good = new List<string>();
        foreach (var host in probed)
        {
            var tls = host.Probe!.Addresses.Where(a => a.Reachable).ToList();
            var problem = tls.Select(a => a switch
            {
                { StartTls: false } => $"{host.Host} ({a.Address}) offers no STARTTLS",
                { Trusted: false } => $"{host.Host} ({a.Address}) presents a certificate that is not trusted",
                { NameMatches: false } => $"{host.Host} ({a.Address}) presents a certificate not issued for its name",
                { DaysUntilExpiry: < 0 } => $"{host.Host} ({a.Address}) presents an expired certificate",
                _ => null,
            }).FirstOrDefault(p => p is not null);
            if (problem is not null)
            {
                bad.Add(problem);
            }
            else if (tls.Any(a => a.Trusted == true && a.NameMatches == true))
            {
                good.Add(host.Host);
            }
            else
            {
                good.Add($"{host.Host} (not reachable at the last probe)");
            }
        }

        return bad.Count > 0
            ? Check(MxCertificates, false, Text($"{string.Join("; ", bad)}: senders enforcing the policy refuse such a host."))
            : Check(MxCertificates, true, Text($"Valid certificates for their names at the last probe: {string.Join(", ", good)}."));
    }

    private static ReadinessCheck PolicyHost(ReadinessInputs i)
    {
        var host = $"mta-sts.{i.Domain}";
        var mtaSts = i.Snapshot?.MtaSts;
        if (mtaSts?.Certificate is not { } certificate || mtaSts.PolicyFetch != "valid")
        {
            return Check(PolicyHostCertificate, false, Text(
                $"The last check could not fetch the policy from {host} with a valid certificate ({mtaSts?.PolicyFetch ?? "not checked yet"})."));
        }

        var days = (int)Math.Floor((certificate.NotAfter - i.Now).TotalDays);
        return Check(PolicyHostCertificate, days >= PolicyHostCertificateDays, Text(
            $"{host} presents a certificate from {certificate.Issuer} valid until {certificate.NotAfter:yyyy-MM-dd} ({days} days; at least {PolicyHostCertificateDays} needed)."));
    }

    private static ReadinessCheck Published(ReadinessInputs i)
    {
        var mtaSts = i.Snapshot?.MtaSts;
        if (mtaSts is null)
        {
            return Check(PolicyPublished, false, "The domain has not been checked yet.");
        }

        if (i.HostedId is { } id)
        {
            return mtaSts.Id == id
                ? Check(PolicyPublished, true, $"_mta-sts.{i.Domain} announces the hosted policy's id {id}.")
                : Check(PolicyPublished, false, $"_mta-sts.{i.Domain} announces id {mtaSts.Id ?? "(none)"}, but the hosted policy's id is {id}: publish TXT \"v=STSv1; id={id}\".");
        }

        return Check(PolicyPublished, mtaSts.Status == "valid", $"The last check found the MTA-STS record and policy {mtaSts.Status}.");
    }

    private static ReadinessCheck Check(string name, bool passed, string evidence) => new(name, passed, evidence, []);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
