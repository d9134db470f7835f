using System.Net.Mail;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Alerts;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Domains;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Protocol.Alerts;
using TlsRptPlatform.Storage.Alerts;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Api.Alerts;

/// <summary>
/// Alert channels (per tenant), rules (per domain) and the alert log. Alerts are queued in the database and sent by
/// the silos, so a test alert or a fired rule is delivered even if this process stops right after answering.
/// </summary>
public static class AlertsApi
{
    public const int MaxChannelsPerTenant = 50;
    public const int MaxRulesPerDomain = 50;
    public const int MaxCooldownMinutes = 7 * 24 * 60;

    /// <summary>certificate-expiring: the default first warning, and the farthest ahead a rule may look (certificates live at most 398 days).</summary>
    public const int DefaultDaysBefore = 30;
    public const int MaxDaysBefore = 398;

    private const int DefaultAlertPage = 100;
    private const int MaxAlertPage = 1_000;

    public static void MapAlerts(this IEndpointRouteBuilder routes)
    {
        var alerts = routes.MapGroup("/v1/alerts").WithTags("Alerts").RequireAuthorization(PlatformClaims.TenantPolicy).RequireAccessByMethod()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        alerts.MapPost("/channels", CreateChannelAsync).WithSummary("Add a webhook or e-mail channel")
            .WithDescription("Webhook calls carry `X-TlsRpt-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<raw body>\")>`; the secret is in this answer only. Webhook URLs must be https:// and must not point at loopback, private, link-local, CGNAT, multicast or unique-local addresses.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        alerts.MapGet("/channels", ListChannelsAsync).WithSummary("The tenant's channels");
        alerts.MapGet("/channels/{id}", GetChannelAsync).WithSummary("One channel").ProducesProblem(StatusCodes.Status404NotFound);
        alerts.MapDelete("/channels/{id}", DeleteChannelAsync).WithSummary("Delete a channel; alerts still queued for it are given up")
            .ProducesProblem(StatusCodes.Status404NotFound);
        alerts.MapPost("/channels/{id}/test", TestChannelAsync).WithSummary("Queue a test alert to the channel")
            .WithDescription("Answers 202 once the alert is queued; `GET /v1/alerts` shows whether it was delivered. A tenant has at most `Alerts:MaxQueuedTestAlertsPerTenant` (default 10) test alerts waiting for delivery; above that → 429 `test-alerts-queued`, and nothing is queued.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);
        alerts.MapGet("/", ListAlertsAsync).WithSummary("Alerts, newest first, with delivery status, attempts and last error")
            .WithDescription("`limit` (1–1,000, default 100) newest alerts. With `from`/`to` (UTC days, YYYY-MM-DD, inclusive, at most 1,100 days; either alone defaults the other as on `/summary`) only alerts that occurred in that range.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        var rules = routes.MapGroup("/v1/domains/{name}/alert-rules").WithTags("Alerts").RequireAuthorization(PlatformClaims.TenantPolicy).RequireAccessByMethod(changes: RouteAccess.Analyze)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        rules.MapPost("/", CreateRuleAsync).WithSummary("Add an alert rule to a domain")
            .WithDescription("Kinds: `failure-rate` (`thresholdPercent`, `minSessions`; per UTC report day), `new-failure-type` (a result type not seen in the previous 14 days), `policy-broken` (new error findings), `policy-changed` (MTA-STS id, mode or mx, or the TLS-RPT record), `reporter-silent` (an organization that reported on at least 5 of 7 days has sent nothing for 2 days), `certificate-expiring` (`daysBefore`), `enforce-ready` (the MTA-STS readiness checks all pass; after a switch to enforce it raises `enforce-guard` when the sts failure rate exceeds `thresholdPercent`, default `MtaSts:Readiness:MaxFailureRate`, within `MtaSts:Readiness:GuardDays`). A rule fires at most once per `cooldownMinutes` (default 60).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        rules.MapGet("/", ListRulesAsync).WithSummary("The domain's alert rules");
        rules.MapDelete("/{id}", DeleteRuleAsync).WithSummary("Delete an alert rule");
    }

    private static async Task<Results<Created<ChannelResponse>, ProblemHttpResult>> CreateChannelAsync(
        CreateChannel request, ClaimsPrincipal user, AlertStore store, WebhookSecrets secrets, IOptions<AlertOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenant = user.TenantIdOf();
        string target;
        switch (request?.Kind)
        {
            case "webhook":
                var refused = NetworkTargets.CheckUrl(request.Url, options.Value.AllowPrivateTargets, out var uri);
                if (refused is not null)
                {
                    return ProblemTypes.Create(StatusCodes.Status400BadRequest, "webhook-url-refused", "Webhook URL refused", refused, "$.url");
                }

                target = uri!.AbsoluteUri;
                break;
            case "email":
                if (request.To is not { Length: <= 254 } || !MailAddress.TryCreate(request.To, out var address) || address.Address != request.To.Trim())
                {
                    return ProblemTypes.InvalidRequest("'to' must be one e-mail address, such as ops@example.com.", "$.to");
                }

                target = address.Address;
                break;
            default:
                return ProblemTypes.InvalidRequest("'kind' must be 'webhook' or 'email'.", "$.kind");
        }

        if ((await store.ListChannelsAsync(tenant, cancellationToken)).Count >= MaxChannelsPerTenant)
        {
            return ProblemTypes.InvalidRequest($"A tenant has at most {MaxChannelsPerTenant} channels; delete one first.");
        }

        var channel = new AlertChannelRecord(RandomIds.New("ch_"), tenant, request.Kind, target, time.GetUtcNow());
        await store.AddChannelAsync(channel, cancellationToken);
        var secret = channel.Kind == "webhook" ? await secrets.ForChannelAsync(channel.Id, cancellationToken) : null;
        return TypedResults.Created($"/v1/alerts/channels/{channel.Id}", Describe(channel) with { Secret = secret });
    }

    private static async Task<Ok<ChannelResponse[]>> ListChannelsAsync(ClaimsPrincipal user, AlertStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListChannelsAsync(user.TenantIdOf(), cancellationToken)).Select(Describe).ToArray());

    private static async Task<Results<Ok<ChannelResponse>, ProblemHttpResult>> GetChannelAsync(string id, ClaimsPrincipal user, AlertStore store, CancellationToken cancellationToken)
    {
        var channel = await store.FindChannelAsync(user.TenantIdOf(), id, cancellationToken);
        return channel is null ? ChannelNotFound(id) : TypedResults.Ok(Describe(channel));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteChannelAsync(string id, ClaimsPrincipal user, AlertStore store, CancellationToken cancellationToken) =>
        await store.DeleteChannelAsync(user.TenantIdOf(), id, cancellationToken) ? TypedResults.NoContent() : ChannelNotFound(id);

    private static async Task<Results<Accepted<TestAlertResponse>, ProblemHttpResult>> TestChannelAsync(
        string id, ClaimsPrincipal user, AlertStore store, AlertOutboxSignal signal, IOptions<AlertOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenant = user.TenantIdOf();
        if (await store.FindChannelAsync(tenant, id, cancellationToken) is null)
        {
            return ChannelNotFound(id);
        }

        var now = time.GetUtcNow();
        var cap = options.Value.MaxQueuedTestAlertsPerTenant;
        var alertId = await store.QueueTestAlertAsync(
            new NewAlert(tenant, null, null, AlertKinds.Test, now, "This is a test alert from TlsRptPlatform.", JsonSerializer.Serialize(new { channel = id }), null, [id]),
            now + options.Value.RetryFor, cap, cancellationToken);
        if (alertId is null)
        {
            return TooManyQueuedTests(cap);
        }

        signal.Notify();
        return TypedResults.Accepted("/v1/alerts", new TestAlertResponse(alertId));
    }

    private static async Task<Results<Ok<AlertResponse[]>, ProblemHttpResult>> ListAlertsAsync(
        int? limit, string? from, string? to, ClaimsPrincipal user, AlertStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxAlertPage)
        {
            return ProblemTypes.InvalidRequest($"'limit' is 1–{MaxAlertPage}.");
        }

        // Without from/to: the newest alerts, whenever they occurred (what scripts written before the range relied on).
        (DateTimeOffset, DateTimeOffset)? window = null;
        if (from is not null || to is not null)
        {
            if (!DayRange.TryParse(from, to, time.GetUtcNow(), DayRange.MaxDailyDays, out var range, out var error))
            {
                return ProblemTypes.InvalidRequest(error);
            }

            window = (new DateTimeOffset(range.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                new DateTimeOffset(range.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        }

        var alerts = await store.ListAlertsAsync(user.TenantIdOf(), limit ?? DefaultAlertPage, window, cancellationToken);
        return TypedResults.Ok(alerts.Select(Describe).ToArray());
    }

    private static async Task<Results<Created<RuleResponse>, ProblemHttpResult>> CreateRuleAsync(
        string name, CreateRule request, ClaimsPrincipal user, IGrainFactory grains, AlertStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenant = user.TenantIdOf();
        var (domain, problem) = await DomainsApi.OwnedAsync(name, tenant, grains);
        if (problem is not null)
        {
            return problem;
        }

        if (request?.Kind is null || !AlertKinds.RuleKinds.Contains(request.Kind))
        {
            return ProblemTypes.InvalidRequest($"'kind' must be one of: {string.Join(", ", AlertKinds.RuleKinds)}.", "$.kind");
        }

        var failureRate = request.Kind == AlertKinds.FailureRate;
        if (failureRate && request.ThresholdPercent is not (>= 0 and < 100))
        {
            return ProblemTypes.InvalidRequest("'thresholdPercent' is required for failure-rate rules: at least 0 and below 100.", "$.thresholdPercent");
        }

        // enforce-ready: an optional threshold for the guard after a switch (default MtaSts:Readiness:MaxFailureRate).
        var enforceReady = request.Kind == AlertKinds.EnforceReady;
        if (enforceReady && request.ThresholdPercent is not (null or (>= 0 and < 100)))
        {
            return ProblemTypes.InvalidRequest("'thresholdPercent' of an enforce-ready rule is at least 0 and below 100.", "$.thresholdPercent");
        }

        if (request.MinSessions is < 0)
        {
            return ProblemTypes.InvalidRequest("'minSessions' must not be negative.", "$.minSessions");
        }

        var expiring = request.Kind == AlertKinds.CertificateExpiring;
        if (request.DaysBefore is < 1 or > MaxDaysBefore)
        {
            return ProblemTypes.InvalidRequest($"'daysBefore' is 1–{MaxDaysBefore}.", "$.daysBefore");
        }

        if (request.CooldownMinutes is < 0 or > MaxCooldownMinutes)
        {
            return ProblemTypes.InvalidRequest($"'cooldownMinutes' is 0–{MaxCooldownMinutes}.", "$.cooldownMinutes");
        }

        var channels = request.Channels?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        var own = (await store.ListChannelsAsync(tenant, cancellationToken)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        if (channels.Count == 0)
        {
            return ProblemTypes.InvalidRequest("'channels' must list at least one of your channel ids.", "$.channels");
        }

        if (channels.FirstOrDefault(c => !own.Contains(c)) is { } unknown)
        {
            return ProblemTypes.InvalidRequest($"'{unknown}' is not one of your channels.", "$.channels");
        }

        if ((await store.ListRulesAsync(tenant, domain, cancellationToken)).Count >= MaxRulesPerDomain)
        {
            return ProblemTypes.InvalidRequest($"A domain has at most {MaxRulesPerDomain} alert rules; delete one first.");
        }

        var rule = new AlertRuleRecord(
            RandomIds.New("ar_"), tenant, domain, request.Kind,
            failureRate || enforceReady ? request.ThresholdPercent : null,
            failureRate ? request.MinSessions ?? 1 : enforceReady ? request.MinSessions : null,
            channels, request.CooldownMinutes ?? 60, time.GetUtcNow(), null,
            expiring ? request.DaysBefore ?? DefaultDaysBefore : null);
        await store.AddRuleAsync(rule, cancellationToken);
        // The domain grain keeps the rules between reports; after the write, so that it cannot reload the old ones.
        await grains.GetGrain<IDomainGrain>(domain).AlertRulesChangedAsync();
        return TypedResults.Created($"/v1/domains/{domain}/alert-rules/{rule.Id}", Describe(rule));
    }

    private static async Task<Results<Ok<RuleResponse[]>, ProblemHttpResult>> ListRulesAsync(
        string name, ClaimsPrincipal user, IGrainFactory grains, AlertStore store, CancellationToken cancellationToken)
    {
        var (domain, problem) = await DomainsApi.OwnedAsync(name, user.TenantIdOf(), grains);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Ok((await store.ListRulesAsync(user.TenantIdOf(), domain, cancellationToken)).Select(Describe).ToArray());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRuleAsync(
        string name, string id, ClaimsPrincipal user, IGrainFactory grains, AlertStore store, CancellationToken cancellationToken)
    {
        var (domain, problem) = await DomainsApi.OwnedAsync(name, user.TenantIdOf(), grains);
        if (problem is not null)
        {
            return problem;
        }

        if (!await store.DeleteRuleAsync(user.TenantIdOf(), domain, id, cancellationToken))
        {
            return ProblemTypes.Create(StatusCodes.Status404NotFound, "alert-rule-not-found", "Alert rule not found", $"'{id}' is not an alert rule of '{domain}'.");
        }

        // Until the grain drops its list a report may still evaluate the deleted rule, but it cannot fire: firing
        // updates the rule's row, and there is none.
        await grains.GetGrain<IDomainGrain>(domain).AlertRulesChangedAsync();
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult ChannelNotFound(string id) =>
        ProblemTypes.Create(StatusCodes.Status404NotFound, "alert-channel-not-found", "Alert channel not found", $"'{id}' is not one of your alert channels.");

    private static ProblemHttpResult TooManyQueuedTests(int cap) =>
        ProblemTypes.Create(
            StatusCodes.Status429TooManyRequests, "test-alerts-queued", "Too many test alerts queued",
            $"This tenant already has {cap} test alerts waiting for delivery, the most it may have. Try again when they are delivered or given up; GET /v1/alerts shows their status.");

    private static ChannelResponse Describe(AlertChannelRecord c) =>
        new(c.Id, c.Kind, c.Kind == "webhook" ? c.Target : null, c.Kind == "email" ? c.Target : null, c.CreatedAt);

    private static RuleResponse Describe(AlertRuleRecord r) =>
        new(r.Id, r.Domain, r.Kind, r.ThresholdPercent, r.MinSessions, r.Channels, r.CooldownMinutes, r.CreatedAt, r.LastFiredAt, r.DaysBefore);

    private static AlertResponse Describe(AlertRecord a)
    {
        var status = a.Deliveries.Count == 0 ? "no-channels"
            : a.Deliveries.Any(d => d.Status == DeliveryStatus.Pending) ? DeliveryStatus.Pending
            : a.Deliveries.Any(d => d.Status == DeliveryStatus.Failed) ? DeliveryStatus.Failed
            : DeliveryStatus.Delivered;
        using var details = JsonDocument.Parse(a.Details);
        return new AlertResponse(
            a.Id, a.Kind, a.Domain, a.RuleId, a.OccurredAt, a.Summary, details.RootElement.Clone(), status,
            a.Deliveries.Sum(d => d.Attempts), a.Deliveries.Select(d => d.LastError).FirstOrDefault(e => e is not null),
            a.Deliveries.Select(d => new DeliveryResponse(
                d.ChannelId, d.Status, d.Attempts, d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastError, d.DeliveredAt)).ToList());
    }
}
