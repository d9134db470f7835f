using System.Diagnostics;
using System.Diagnostics.Metrics;
using TlsRptPlatform.Protocol.Aggregation;

namespace TlsRptPlatform.Grains.Telemetry;

/// <summary>
/// Sessions reported in accepted reports, on the <c>TlsRptPlatform</c> meter. Result types are free text from
/// senders, so only the IANA registry's names become tag values; anything else is counted as <c>other</c>.
/// </summary>
public sealed class SessionMetrics
{
    public const string MeterName = "TlsRptPlatform";

    private static readonly HashSet<string> KnownResultTypes = new(StringComparer.Ordinal)
    {
        "starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted",
        "validation-failure", "sts-policy-fetch-error", "sts-policy-invalid", "sts-webpki-invalid",
        "tlsa-invalid", "dnssec-invalid", "dane-required",
    };

    private readonly Counter<long> _sessions;

    public SessionMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        // The factory owns the meter (and shares it by name), so it is not disposed here.
        var meter = meters.Create(MeterName);
        _sessions = meter.CreateCounter<long>("tlsrpt.sessions", description: "Sessions in accepted reports, by outcome and failure result type");
    }

    public void Record(ReportContribution contribution)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        _sessions.Add(contribution.SuccessfulSessions, new TagList { { "outcome", "successful" } });
        foreach (var (resultType, sessions) in contribution.Breakdown[Dimension.ResultType])
        {
            _sessions.Add(sessions, new TagList { { "outcome", "failed" }, { "result_type", KnownResultTypes.Contains(resultType) ? resultType : "other" } });
        }
    }

}
