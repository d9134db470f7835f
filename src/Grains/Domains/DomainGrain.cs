using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Abstractions.Policies;
using TlsRptPlatform.Abstractions.Probes;
using TlsRptPlatform.Grains.Alerts;
using TlsRptPlatform.Grains.Hosting;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Grains.Probes;
using TlsRptPlatform.Grains.Retention;
using TlsRptPlatform.Grains.Telemetry;
using TlsRptPlatform.Protocol.Aggregation;
using TlsRptPlatform.Protocol.Domains;
using TlsRptPlatform.Protocol.Policies;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Storage.Alerts;
using TlsRptPlatform.Storage.Domains;
using TlsRptPlatform.Storage.Policies;
using TlsRptPlatform.Storage.Rejections;
using TlsRptPlatform.Storage.Reports;
using TlsRptPlatform.Dns;

namespace TlsRptPlatform.Grains.Domains;

/// <summary>
/// One registered mail domain. Reports for it are parsed, checked and archived here, one at a time, so that
/// deduplication and aggregation need no cross-process locking. The registration row in SQL is authoritative and
/// this grain is its only writer; the Orleans state holds only the bounded rejection log.
/// </summary>
[GrainType("domain")]
[CollectionAgeLimit(Minutes = 30)]
public sealed partial class DomainGrain(
    [PersistentState("domain-rejections", PlatformStorage.Name)] IPersistentState<DomainState> state,
    DomainStore domains,
    ReportStore reports,
    RejectionStore rejections,
    IOptions<ReportLimits> limits,
    IOptions<RetentionOptions> retention,
    TimeProvider time,
    SessionMetrics metrics,
    PolicyDns dns,
    PolicyHistoryStore history,
    IOptions<PolicyScheduleOptions> schedule,
    IOptions<ReportAddressOptions> addresses,
    AlertEvaluator alerts,
    ILogger<DomainGrain> logger) : Grain, IDomainGrain
{
    private const int MaxHistoryEntries = 500;

    /// <summary>How far ahead of our clock a report's period may start (senders' clocks and time zones differ).</summary>
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromDays(1);
    private DomainRecord? _registration;

    /// <summary>The day key limit of this domain's breakdown; null until a report needs it and after the data went.</summary>
    private DayKeyLimit? _keyLimit;

    /// <summary>
    /// The domain's alert rules, null until an evaluation needs them: reading them for every report was one SQL round
    /// trip per report. Rules change only through the API, which calls <see cref="IDomainGrain.AlertRulesChangedAsync"/>
    /// after writing, and through deleting or handing over the domain, which happens here; either drops the list.
    /// </summary>
    private IReadOnlyList<AlertRuleRecord>? _alertRules;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _registration = await domains.FindAsync(Name, cancellationToken);

    async Task<RegistrationResult> IDomainGrain.RegisterAsync(string tenantId)
    {
        if (_registration is null)
        {
            var claimed = await domains.ClaimAsync(new DomainRecord(Name, tenantId, ReportTokens.Generate(), time.GetUtcNow()));
            if (claimed.QuotaReached is { } quota)
            {
                return QuotaReached(quota);
            }

            _registration = claimed.Holder!;
            _alertRules = null;
            if (_registration.TenantId == tenantId)
            {
                return new RegistrationResult(RegistrationOutcome.Created, Info(_registration));
            }
        }

        return _registration.TenantId == tenantId
            ? new RegistrationResult(RegistrationOutcome.AlreadyRegistered, Info(_registration))
            : await ClaimAsync(tenantId);
    }

    /// <summary>
    /// Another tenant holds the domain. The claimant gets a report token of its own; once the domain's TLS-RPT record
    /// lists that address (proof of control, DESIGN D6), registering again hands the domain over.
    /// </summary>
    private async Task<RegistrationResult> ClaimAsync(string tenantId)
    {
        if (!state.State.Claims.TryGetValue(tenantId, out var token))
        {
            if (state.State.Claims.Count >= DomainState.MaxClaims)
            {
                state.State.Claims.Remove(state.State.Claims.Keys.First());
            }

            token = ReportTokens.Generate();
            state.State.Claims[tenantId] = token;
            await state.WriteStateAsync();
        }

        var claim = new DomainRecord(Name, tenantId, token, time.GetUtcNow(), Verified: true);
        var txt = await dns.TxtAsync($"_smtp._tls.{Name}");
        var record = TlsRptRecordParser.Evaluate(txt.Records).Record;
        var own = OwnAddresses(token);
        if (txt.Outcome != DnsOutcome.Answered || record is null || !record.Rua.Any(u => own.Contains(u.OriginalString, StringComparer.OrdinalIgnoreCase)))
        {
            return new RegistrationResult(RegistrationOutcome.HeldByAnotherTenant, null, Info(claim));
        }

        var previousHolder = _registration!.TenantId;
        var transferred = await domains.TransferAsync(claim);
        if (transferred.QuotaReached is { } quota)
        {
            return QuotaReached(quota);
        }

        LogTakenOver(logger, Name);

        _registration = transferred.Holder!;
        // The transfer deleted the previous holder's rows: its aggregates and its alert rules.
        _keyLimit = null;
        _alertRules = null;
        state.State = new DomainState();
        await state.WriteStateAsync();
        await AlertSafelyAsync(() => alerts.DomainTakenOverAsync(previousHolder, Name));
        return new RegistrationResult(RegistrationOutcome.TakenOver, Info(_registration));
    }

    private static RegistrationResult QuotaReached(DomainQuota quota) =>
        new(RegistrationOutcome.QuotaReached, null, Quota: new DomainQuotaInfo(quota.MaxDomains, quota.Domains));

    private string[] OwnAddresses(string token) =>
    [
        ReportAddress.Mailto(addresses.Value.ReportDomain, token),
        ReportAddress.Https(addresses.Value.PublicBaseUrl, token).ToString(),
    ];

    Task<DomainInfo?> IDomainGrain.GetAsync(string tenantId) =>
        Task.FromResult(OwnedBy(tenantId) ? Info(_registration!) : null);

    async Task<DomainInfo?> IDomainGrain.UpdateSettingsAsync(string tenantId, bool requireDkim)
    {
        if (!OwnedBy(tenantId))
        {
            return null;
        }

        await domains.SetRequireDkimAsync(Name, requireDkim);
        _registration = _registration! with { RequireDkim = requireDkim };
        return Info(_registration);
    }

    async Task<bool> IDomainGrain.DeleteAsync(string tenantId)
    {
        if (!OwnedBy(tenantId))
        {
            return false;
        }

        await domains.DeleteAsync(Name);
        await state.ClearStateAsync();
        _registration = null;
        // Deleting a tenant deletes its domains through here, so neither list outlives the tenant's rows.
        _keyLimit = null;
        _alertRules = null;
        LogDeleted(logger, Name);
        return true;
    }

    async Task<DomainInfo?> IDomainGrain.RotateReportTokenAsync(string tenantId, TimeSpan gracePeriod)
    {
        if (!OwnedBy(tenantId))
        {
            return null;
        }

        var token = ReportTokens.Generate();
        var previousExpiresAt = time.GetUtcNow() + gracePeriod;
        await domains.RotateReportTokenAsync(Name, token, previousExpiresAt);
        _registration = _registration! with
        {
            ReportToken = token,
            PreviousReportToken = _registration.ReportToken,
            PreviousReportTokenExpiresAt = previousExpiresAt,
        };
        LogTokenRotated(logger, Name, previousExpiresAt);
        return Info(_registration);
    }

    async Task<IngestResult> IDomainGrain.IngestAsync(IngestRequest request)
    {
        // The previous token after a rotation counts within its grace period only; afterwards it is an unknown token.
        if (_registration is null || !_registration.Accepts(request.ReportToken, time.GetUtcNow()))
        {
            return new IngestResult(IngestOutcome.UnknownToken, null, null);
        }

        if (_registration.RequireDkim && IngestChannels.IsMail(request.Channel) && DkimVerdicts.IsTempError(request.Dkim))
        {
            // The key lookup failed (a resolver outage): refusing for good would lose a report that may well pass.
            return new IngestResult(IngestOutcome.TryLater, null, null);
        }

        if (_registration.RequireDkim && IngestChannels.IsMail(request.Channel) && !DkimVerdicts.Passed(request.Dkim))
        {
            return await RejectAsync(
                request, ProblemKind.DkimRequired, "$",
                $"{Name} accepts e-mailed reports only with a passing DKIM signature; this message's verdict is '{request.Dkim ?? "none"}'.");
        }

        TlsReport report;
        try
        {
            report = TlsReportReader.Parse(request.Json, limits.Value);
        }
        catch (ReportFormatException ex)
        {
            return await RejectAsync(request, KindOf(ex.Kind), ex.Path, ex.Message);
        }

        for (var i = 0; i < report.Policies.Count; i++)
        {
            // A policy without policy-domain (Postfix's no-policy-found) belongs to the domain it was sent for. A tlsa
            // policy's domain is the TLSA base domain, i.e. an MX host, often under a provider's domain; senders
            // (Postfix with tlsrpt-reporter) deliver it to the recipient domain's rua, so it belongs here too.
            var policy = report.Policies[i];
            var reported = policy.PolicyDomain;
            if (reported is not null && policy.PolicyType != "tlsa" && !DomainName.SameDomain(reported, Name))
            {
                return await RejectAsync(
                    request, ProblemKind.PolicyDomainMismatch, $"$.policies[{i}].policy.policy-domain",
                    $"The report is about '{reported}', but this report address belongs to '{Name}'.");
            }
        }

        // A report period starting tomorrow or later cannot have been observed yet; storing it would poison days that
        // have not happened and, far enough ahead, keep rows that retention never reaches.
        var now = time.GetUtcNow();
        if (report.StartDatetime > now + MaxClockSkew)
        {
            return await RejectAsync(
                request, ProblemKind.ReportInFuture, "$.date-range.start-datetime",
                $"The report starts at {report.StartDatetime:yyyy-MM-dd'T'HH:mm:ss'Z'}, more than a day after now ({now:yyyy-MM-dd'T'HH:mm:ss'Z'}).");
        }

        // Accepting a report that the next pruning deletes would be losing it quietly; refuse it plainly instead.
        var oldestKept = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-retention.Value.Days);
        if (report.Day < oldestKept)
        {
            return await RejectAsync(
                request, ProblemKind.ReportOutsideRetention, "$.date-range.start-datetime",
                $"The report starts on {report.Day:yyyy-MM-dd}; reports are kept for {retention.Value.Days} days (since {oldestKept:yyyy-MM-dd}).");
        }

        var contribution = ReportAggregator.Compute(report);
        var keyLimit = _keyLimit ??= new DayKeyLimit(reports, Name);
        var stored = await keyLimit.ApplyAsync(contribution);
        ArchiveOutcome outcome;
        try
        {
            outcome = await reports.ArchiveAsync(
                new StoredReport(
                    Name, report.OrganizationName, report.ReportId, report.Day, report.StartDatetime, report.EndDatetime,
                    request.ReceivedAt, request.Channel, request.Submitter, request.Dkim,
                    contribution.SuccessfulSessions, contribution.FailedSessions, report.Deviations, request.Json),
                stored);
        }
        catch
        {
            // The transaction may have committed before the error reached us.
            keyLimit.Forget(report.Day);
            throw;
        }

        if (!outcome.Duplicate)
        {
            keyLimit.Archived(stored);
            metrics.Record(contribution);
            // An imported archive is history: alerting on a failure rate of two years ago would only be noise.
            if (request.Channel != IngestChannels.Import)
            {
                await AlertSafelyAsync(async () => await alerts.ReportArchivedAsync(_registration.TenantId, Name, await AlertRulesAsync(), contribution));
            }
        }

        LogIngested(logger, Name, outcome.Id, outcome.Duplicate);
        return new IngestResult(outcome.Duplicate ? IngestOutcome.Duplicate : IngestOutcome.Accepted, outcome.Id, null);
    }

    async Task IDomainGrain.RecordRejectionAsync(string reportToken, Rejection rejection)
    {
        if (_registration is not null && _registration.Accepts(reportToken, time.GetUtcNow()))
        {
            await AppendRejectionAsync(rejection);
        }
    }

    async Task<IReadOnlyList<Rejection>?> IDomainGrain.GetRejectionsAsync(string tenantId)
    {
        if (!OwnedBy(tenantId))
        {
            return null;
        }

        var log = await rejections.ListAsync(Name);
        return log.Select(r => new Rejection(
                r.At, Enum.TryParse<ProblemKind>(r.Kind, out var kind) ? kind : ProblemKind.InvalidReport,
                r.Path, r.Detail, r.Channel, r.Source, r.Bytes))
            .ToList();
    }

    async Task<DomainSummary?> IDomainGrain.GetSummaryAsync(string tenantId, DateOnly from, DateOnly to)
    {
        if (!OwnedBy(tenantId))
        {
            return null;
        }

        var days = await reports.DailyAsync(Name, from, to);
        var breakdown = await reports.BreakdownAsync(Name, from, to);
        var summary = SummaryBuilder.Summarize(days, breakdown);
        return summary with { Explanations = Explain(breakdown, summary.ByReceivingMx) };
    }

    async Task<IReadOnlyList<ReportExplanation>?> IDomainGrain.GetExplanationsAsync(string tenantId, DateOnly from, DateOnly to)
    {
        if (!OwnedBy(tenantId))
        {
            return null;
        }

        var breakdown = await reports.BreakdownAsync(Name, from, to, [Dimension.ReceivingMx, Dimension.ResultTypeAtMx]);
        return Explain(breakdown, SummaryBuilder.Summarize([], breakdown).ByReceivingMx);
    }

    private IReadOnlyList<ReportExplanation> Explain(IReadOnlyList<BreakdownEntry> breakdown, IReadOnlyDictionary<string, long> byReceivingMx)
    {
        var pairs = breakdown.Where(b => b.Dimension == Dimension.ResultTypeAtMx)
            .GroupBy(b => b.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(b => b.Sessions), StringComparer.Ordinal);
        return ReportExplanations.Explain(pairs, byReceivingMx, state.State.Policy);
    }

    async Task<IReadOnlyList<DailyRow>?> IDomainGrain.GetDailyAsync(string tenantId, DateOnly from, DateOnly to) =>
        OwnedBy(tenantId) ? SummaryBuilder.Daily(await reports.DailyAsync(Name, from, to), from, to) : null;

    async Task<IReadOnlyList<ReportInfo>?> IDomainGrain.GetReportsAsync(string tenantId, DateOnly from, DateOnly to, int limit, int offset)
    {
        if (!OwnedBy(tenantId))
        {
            return null;
        }

        var list = await reports.ListAsync(Name, from, to, limit, offset);
        return list.Select(r => new ReportInfo(
            r.Id, r.Organization, r.ReportId, r.Start, r.End, r.ReceivedAt, r.Channel, r.Submitter, r.Dkim,
            r.SuccessfulSessions, r.FailedSessions, r.Deviations)).ToList();
    }

    async Task<IReadOnlyList<ReporterInfo>?> IDomainGrain.GetReportersAsync(string tenantId) =>
        OwnedBy(tenantId) ? Reporters.Describe(await reports.ReportersAsync(Name, Reporters.RowsRead), time.GetUtcNow()) : null;

    async Task<byte[]?> IDomainGrain.GetRawReportAsync(string tenantId, long id) =>
        OwnedBy(tenantId) ? await reports.RawAsync(Name, id) : null;

    Task<string[]?> IDomainGrain.GetCheckTargetAsync(string? tenantId) =>
        Task.FromResult(_registration is null || (tenantId is not null && !OwnedBy(tenantId)) ? null : OwnAddresses(_registration.ReportToken));

    async Task<PolicySnapshot?> IDomainGrain.RecordCheckAsync(PolicySnapshot check)
    {
        if (_registration is null)
        {
            return null;
        }

        var previous = state.State.Policy;
        var (current, changes) = PolicyHistory.Merge(previous, check);
        await history.AddAsync(Name, changes);
        state.State.Policy = current;
        state.State.CheckFailures = check.Errors.Count == 0 ? 0 : state.State.CheckFailures + 1;
        await state.WriteStateAsync();
        if (current.TlsRpt.PointsHere != _registration.Verified)
        {
            await domains.SetVerifiedAsync(Name, current.TlsRpt.PointsHere);
            _registration = _registration with { Verified = current.TlsRpt.PointsHere };
        }

        await AlertSafelyAsync(async () => await alerts.PolicyCheckedAsync(_registration.TenantId, Name, await AlertRulesAsync(), previous, current, changes));
        await AlertSafelyAsync(async () => await alerts.CertificatesSeenAsync(_registration.TenantId, Name, await AlertRulesAsync(), current));
        if (schedule.Value.Enabled)
        {
            await domains.ScheduleCheckAsync(Name, time.GetUtcNow() + schedule.Value.NextDelay(state.State.CheckFailures, Random.Shared), state.State.CheckFailures);
        }

        return current;
    }

    async Task<PolicyView?> IDomainGrain.GetPolicyAsync(string tenantId)
    {
        if (!OwnedBy(tenantId))
        {
            return null;
        }

        var changes = await history.ListAsync(Name, MaxHistoryEntries);
        return new PolicyView(state.State.Policy, changes.Select(c => new PolicyHistoryEntry(c.At, c.What, c.OldValue, c.NewValue)).ToList());
    }

    Task<PolicySnapshot?> IDomainGrain.GetProbeTargetsAsync() =>
        Task.FromResult(_registration is null ? null : state.State.Policy);

    async Task<PolicySnapshot?> IDomainGrain.RecordProbeAsync(DateTimeOffset probedAt, IReadOnlyDictionary<string, MxProbe> probes)
    {
        var previous = state.State.Policy;
        if (_registration is null || previous is null)
        {
            return null;
        }

        var (current, changes) = PolicyHistory.MergeProbe(previous, probes, probedAt);
        await history.AddAsync(Name, changes);
        state.State.Policy = current;
        await state.WriteStateAsync();
        await AlertSafelyAsync(async () => await alerts.PolicyCheckedAsync(_registration.TenantId, Name, await AlertRulesAsync(), previous, current, changes));
        await AlertSafelyAsync(async () => await alerts.CertificatesSeenAsync(_registration.TenantId, Name, await AlertRulesAsync(), current));
        return current;
    }

    Task IDomainGrain.AlertRulesChangedAsync()
    {
        _alertRules = null;
        return Task.CompletedTask;
    }

    /// <remarks>Called inside <see cref="AlertSafelyAsync"/>, so a store failure while loading is handled like one while evaluating.</remarks>
    private async Task<IReadOnlyList<AlertRuleRecord>> AlertRulesAsync() => _alertRules ??= await alerts.DomainRulesAsync(Name);

    private bool OwnedBy(string tenantId) =>
        _registration is not null && string.Equals(_registration.TenantId, tenantId, StringComparison.Ordinal);

    private async Task<IngestResult> RejectAsync(IngestRequest request, ProblemKind kind, string path, string detail)
    {
        var rejection = new Rejection(time.GetUtcNow(), kind, path, detail, request.Channel, request.Source, request.Json.LongLength);
        await AppendRejectionAsync(rejection);
        return new IngestResult(IngestOutcome.Rejected, null, rejection);
    }

    /// <remarks>
    /// An import's refusals are reported by its job, not here: the log keeps the last 100 refusals of senders, and an
    /// archive with a year of expired reports would push every one of them out.
    /// </remarks>
    private Task AppendRejectionAsync(Rejection rejection) =>
        rejection.Channel == IngestChannels.Import
            ? Task.CompletedTask
            : rejections.AddAsync(Name, new StoredRejection(
                rejection.At, rejection.Kind.ToString(), rejection.Path, rejection.Detail, rejection.Channel, rejection.Source, rejection.Bytes));

    /// <summary>
    /// What triggered an alert is already durable and acknowledged; a failing alert store must not undo that. An alert
    /// lost this way is raised again by the next report of the same day or the next check (the rules look at totals).
    /// </summary>
    private async Task AlertSafelyAsync(Func<Task> evaluate)
    {
        try
        {
            await evaluate();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            LogAlertFailed(logger, ex, Name);
        }
    }

    private static ProblemKind KindOf(ReportErrorKind kind) => kind switch
    {
        ReportErrorKind.Invalid => ProblemKind.InvalidReport,
        ReportErrorKind.TooLarge => ProblemKind.ReportTooLarge,
        _ => ProblemKind.MalformedReport,
    };

    private static DomainInfo Info(DomainRecord record) =>
        new(record.Name, record.TenantId, record.ReportToken, record.CreatedAt, record.Verified, record.RequireDkim, record.PreviousReportTokenExpiresAt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Report for {Domain} archived as {Id} (duplicate: {Duplicate})")]
    private static partial void LogIngested(ILogger logger, string domain, long id, bool duplicate);

    [LoggerMessage(Level = LogLevel.Information, Message = "Domain {Domain} taken over by a tenant that proved control through its TLS-RPT record")]
    private static partial void LogTakenOver(ILogger logger, string domain);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert rules of {Domain} could not be evaluated")]
    private static partial void LogAlertFailed(ILogger logger, Exception exception, string domain);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report token of {Domain} rotated; the previous one is accepted until {PreviousExpiresAt}")]
    private static partial void LogTokenRotated(ILogger logger, string domain, DateTimeOffset previousExpiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Domain {Domain} deleted with its reports and aggregates")]
    private static partial void LogDeleted(ILogger logger, string domain);
}
