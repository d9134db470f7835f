using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Ingestion;
using TlsRptPlatform.Api.OpenApi;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Protocol.Reports;
using TlsRptPlatform.Protocol.Text;

namespace TlsRptPlatform.Api.Reports;

/// <summary>Report delivery over HTTPS (RFC 8460 §5.4). Anyone may POST; the token in the path is the only key.</summary>
public static class ReportsApi
{
    private const string Channel = IngestChannels.Https;
    public const string RoutePrefix = "/v1/reports/";
    private static readonly string[] MediaTypes = ["application/tlsrpt+gzip", "application/tlsrpt+json"];

    public static RouteHandlerBuilder MapReportIngestion(this IEndpointRouteBuilder routes) =>
        routes.MapPost(RoutePrefix + "{token}", IngestAsync)
            .WithTags("Reports")
            .WithSummary("Deliver a TLS report (application/tlsrpt+gzip or application/tlsrpt+json)")
            .WithDescription("Answers 2xx only once the report is durable. Delivering the same (organization-name, report-id) again is acknowledged and counted once.")
            .WithRequestExample(ReportExamples.Report, MediaTypes[1])
            .WithResponseExample(StatusCodes.Status201Created, ReportExamples.Accepted)
            .WithResponseExample(StatusCodes.Status200OK, ReportExamples.Duplicate)
            .WithProblemExample(StatusCodes.Status400BadRequest, "malformed-report", "The body is not valid JSON: expected a value.", "$")
            .WithProblemExample(StatusCodes.Status404NotFound, "unknown-report-token", "No domain is registered under this report address.")
            .WithProblemExample(StatusCodes.Status413PayloadTooLarge, "report-too-large", "The report decompresses to more than 52428800 bytes.", "$")
            .WithProblemExample(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Reports are delivered as application/tlsrpt+gzip or application/tlsrpt+json; got 'text/plain'.", "$")
            .WithProblemExample(StatusCodes.Status422UnprocessableEntity, "invalid-report", "'total-failure-session-count' must not be negative.", "$.policies[0].summary.total-failure-session-count")
            .WithProblemExample(StatusCodes.Status429TooManyRequests, "rate-limited", "Try again in 42 seconds.")
            .WithProblemExample(StatusCodes.Status408RequestTimeout, "body-timeout", "The report body did not arrive within 60 seconds.")
            .WithProblemExample(StatusCodes.Status503ServiceUnavailable, "ingestion-busy", "The platform is busy with other reports; try again in 5 seconds.")
            .DisableAntiforgery()
            .AllowAnonymousAccess();

    private static async Task<Results<Created<IngestResponse>, Ok<IngestResponse>, ProblemHttpResult>> IngestAsync(
        string token, HttpContext context, ReportTokenResolver resolver, IGrainFactory grains,
        IOptions<ReportLimits> options, IngestionBudget budget, IngestionMetrics metrics, TimeProvider time)
    {
        var started = Stopwatch.GetTimestamp();
        var cancellationToken = context.RequestAborted;
        var domain = await resolver.ResolveAsync(token, cancellationToken);
        if (domain is null)
        {
            metrics.Rejected(Channel, "unknown-report-token");
            return ProblemTypes.UnknownReportToken();
        }

        var grain = grains.GetGrain<IDomainGrain>(domain);
        var limits = options.Value;
        var source = context.Connection.RemoteIpAddress?.ToString();
        var request = context.Request;

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !MediaTypes.Contains(mediaType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return await RefuseAsync(ProblemKind.UnsupportedMediaType, "$",
                $"Reports are delivered as {string.Join(" or ", MediaTypes)}; got '{Excerpt.Of(request.ContentType, 100)}'.", request.ContentLength ?? 0);
        }

        // The body and the JSON it inflates to are held against the process-wide budget until the grain has the report.
        using var lease = budget.Lease();
        using var bodyTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bodyTimeout.CancelAfter(limits.BodyTimeout);
        byte[] json;
        try
        {
            var body = await ReadBoundedAsync(context, limits.MaxCompressedBytes, lease, bodyTimeout.Token);
            var expected = ReportBody.ExpectedJsonBytes(body, limits);
            if (ReportBody.IsGzip(body))
            {
                await lease.GrowAsync(expected, cancellationToken);
            }

            json = ReportBody.ToJson(body, limits, lease.Adjust);
        }
        catch (ReportFormatException ex)
        {
            return await RefuseAsync(ProblemTypes.KindOf(ex.Kind), ex.Path, ex.Message, request.ContentLength ?? 0);
        }
        catch (OperationCanceledException) when (bodyTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            metrics.Rejected(Channel, "body-timeout");
            return ProblemTypes.Create(StatusCodes.Status408RequestTimeout, "body-timeout", "Body too slow",
                $"The report body did not arrive within {limits.BodyTimeout.TotalSeconds:0} seconds.");
        }
        catch (IngestionBusyException ex)
        {
            metrics.Rejected(Channel, "ingestion-busy");
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(ex.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ProblemTypes.Create(StatusCodes.Status503ServiceUnavailable, "ingestion-busy", "Busy", ex.Message);
        }

        var result = await grain.IngestAsync(new IngestRequest(token, json, Channel, time.GetUtcNow(), null, null, source));
        switch (result.Outcome)
        {
            case IngestOutcome.Accepted or IngestOutcome.Duplicate:
                var duplicate = result.Outcome == IngestOutcome.Duplicate;
                metrics.Accepted(Channel, duplicate, Stopwatch.GetElapsedTime(started));
                var response = new IngestResponse(duplicate ? "duplicate" : "accepted", result.ReportId!.Value, domain);
                return duplicate ? TypedResults.Ok(response) : TypedResults.Created($"/v1/domains/{domain}/reports/{result.ReportId}/raw", response);
            case IngestOutcome.Rejected:
                metrics.Rejected(Channel, ProblemTypes.Slug(result.Problem!.Kind));
                return ProblemTypes.Report(result.Problem.Kind, result.Problem.Path, result.Problem.Detail);
            default:
                metrics.Rejected(Channel, "unknown-report-token");
                return ProblemTypes.UnknownReportToken();
        }

        async Task<ProblemHttpResult> RefuseAsync(ProblemKind kind, string path, string detail, long bytes)
        {
            metrics.Rejected(Channel, ProblemTypes.Slug(kind));
            await grain.RecordRejectionAsync(token, new Rejection(time.GetUtcNow(), kind, path, detail, Channel, source, bytes));
            return ProblemTypes.Report(kind, path, detail);
        }
    }

    /// <summary>
    /// Reads the body into the lease, refusing as soon as it passes the limit instead of buffering it whole first. The
    /// buffer and its reservation grow as bytes arrive (up to a declared length), declared or chunked alike.
    /// </summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpContext context, long limit, IngestionLease lease, CancellationToken cancellationToken)
    {
        var declared = context.Request.ContentLength;
        if (declared > limit)
        {
            throw new ReportFormatException(ReportErrorKind.TooLarge, "$", $"The body is larger than {limit} bytes.");
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit + 1;
        }

        // A declared length is only a claim: reserving it up front let a client that declares 5 MiB and then trickles
        // at Kestrel's minimum data rate hold 5 MiB of the budget for hours. Bytes are reserved as they arrive.
        var cap = declared ?? limit;
        var initial = (int)Math.Min(cap, ChunkSize);
        await lease.GrowAsync(initial, cancellationToken);
        var buffer = new byte[initial];
        var filled = 0;
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += read;
                if (filled == buffer.Length)
                {
                    if (filled >= cap)
                    {
                        // Full: anything more breaks the limit or the declared length (Kestrel refuses the latter itself).
                        if (await context.Request.Body.ReadAsync(new byte[1], cancellationToken) > 0)
                        {
                            throw new ReportFormatException(ReportErrorKind.TooLarge, "$", $"The body is larger than {limit} bytes.");
                        }

                        break;
                    }

                    var larger = new byte[Math.Min((long)buffer.Length * 2, cap)];
                    lease.Grow(larger.Length - buffer.Length);
                    buffer.CopyTo(larger, 0);
                    buffer = larger;
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new ReportFormatException(ReportErrorKind.TooLarge, "$", $"The body is larger than {limit} bytes.", ex);
        }

        return filled == buffer.Length ? buffer : buffer[..filled];
    }

    private const int ChunkSize = 16 * 1024;
}

/// <param name="Status"><c>accepted</c> the first time, <c>duplicate</c> when the report was already archived.</param>
/// <param name="Id">The archive id: <c>GET /v1/domains/{domain}/reports/{id}/raw</c> returns the report.</param>
public sealed record IngestResponse(string Status, long Id, string Domain);
