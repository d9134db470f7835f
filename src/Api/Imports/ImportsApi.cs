using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Abstractions.Domains;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Authorization;
using TlsRptPlatform.Api.Domains;
using TlsRptPlatform.Api.OpenApi;
using TlsRptPlatform.Api.Problems;
using TlsRptPlatform.Protocol.Imports;
using TlsRptPlatform.Storage.Database;
using TlsRptPlatform.Storage.Domains;
using TlsRptPlatform.Storage.Imports;

namespace TlsRptPlatform.Api.Imports;

/// <summary>
/// Bulk import of a domain's report archive (mbox, zip, one report or one e-mail). The upload is spooled to disk and
/// answered 202 at once; the job runs in the background and <c>GET /v1/imports/{id}</c> follows it. Tenant keys and
/// the admin key (the operator's <c>import</c> command) may import.
/// </summary>
public static class ImportsApi
{
    private const int ListLimit = 20;

    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Imports").RequireAuthorization(PlatformClaims.TenantOrAdminPolicy).RequireAccessByMethod(changes: RouteAccess.Analyze);
        group.ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/domains/{name}/imports", CreateAsync)
            .WithSummary("Import an archive of reports for a domain")
            .WithDescription(
                "Body: an mbox file, a zip of `.json`, `.json.gz` and `.eml` files, one report (JSON or gzip) or one e-mail, as raw bytes (any content type). " +
                "The format is recognized from the content; `format` (mbox, zip, report, eml) overrides that. Every report goes through the parser, limits and " +
                "deduplication of deliveries, without the per-token rate limit; imported reports raise no alerts. Answers 202 with the job; follow it at `Location`.")
            .Accepts<byte[]>("application/octet-stream", "application/mbox", "application/zip", "application/tlsrpt+json", "application/tlsrpt+gzip", "message/rfc822")
            .WithResponseExample(StatusCodes.Status202Accepted, ImportExamples.Queued)
            .WithProblemExample(StatusCodes.Status400BadRequest, "invalid-request", "'format' is one of mbox, zip, report, eml.", "$.format")
            .WithProblemExample(StatusCodes.Status404NotFound, "domain-not-found", "'example.com' is not one of your domains.")
            .WithProblemExample(StatusCodes.Status413PayloadTooLarge, "import-too-large", "Archives of at most 536870912 bytes are imported; split larger ones.")
            .WithProblemExample(StatusCodes.Status429TooManyRequests, "too-many-imports", "2 imports of this tenant are queued or running; wait for one to finish.")
            .WithProblemExample(StatusCodes.Status503ServiceUnavailable, "import-queue-full", "The platform holds as many imports as it may; try again in a minute.")
            .DisableAntiforgery();
        group.MapGet("/domains/{name}/imports", ListAsync)
            .WithSummary("A domain's most recent imports, newest first (at most 20)")
            .WithProblemExample(StatusCodes.Status404NotFound, "domain-not-found", "'example.com' is not one of your domains.");
        group.MapGet("/imports/{id}", GetAsync)
            .WithSummary("An import's progress and outcome")
            .WithDescription("`status` is queued, running, completed, failed or interrupted; `accepted + duplicates + refused` are the items read so far.")
            .WithResponseExample(StatusCodes.Status200OK, ImportExamples.Completed)
            .WithProblemExample(StatusCodes.Status404NotFound, "import-not-found", "No import with this id exists for you.");
        return routes;
    }

    private static async Task<Results<Accepted<ImportResponse>, ProblemHttpResult>> CreateAsync(
        string name, string? fileName, string? format, HttpContext context, ClaimsPrincipal user, IGrainFactory grains, DomainStore domains,
        ImportStore store, ImportQueue queue, ImportSpool spool, IOptions<ImportOptions> options, TimeProvider time)
    {
        ImportFormat? chosen = null;
        if (format is not null)
        {
            if (!ImportFormats.TryParse(format, out var parsed))
            {
                return ProblemTypes.InvalidRequest("'format' is one of mbox, zip, report, eml.", "$.format");
            }

            chosen = parsed;
        }

        var owner = await OwnerAsync(name, user, grains, domains);
        if (owner.Problem is not null)
        {
            return owner.Problem;
        }

        var settings = options.Value;
        if (await store.CountActiveAsync(owner.Domain!.TenantId, context.RequestAborted) >= settings.MaxActiveJobsPerTenant)
        {
            return ProblemTypes.Create(StatusCodes.Status429TooManyRequests, "too-many-imports", "Too many imports",
                $"{settings.MaxActiveJobsPerTenant} imports of this tenant are queued or running; wait for one to finish.");
        }

        // Refused before the upload when it is clear already; after it, the queue decides again.
        if (queue.IsFull)
        {
            return QueueFull(context);
        }

        var id = RandomIds.New("imp_");
        var path = spool.PathOf(id);
        long bytes;
        try
        {
            bytes = await SpoolAsync(context, path, settings.MaxUploadBytes);
        }
        catch (UploadTooLargeException)
        {
            spool.Delete(path);
            return ProblemTypes.Create(StatusCodes.Status413PayloadTooLarge, "import-too-large", "Archive too large",
                $"Archives of at most {settings.MaxUploadBytes} bytes are imported; split larger ones.");
        }
        catch (Exception)
        {
            spool.Delete(path);
            throw;
        }

        var detected = chosen ?? await DetectAsync(path);
        var domain = owner.Domain;
        var record = new ImportRecord(
            id, domain.TenantId, domain.Name, FileNameOr(fileName, detected), ImportFormats.Name(detected), ImportStatus.Queued, bytes,
            ImportProgress.None, null, time.GetUtcNow(), null, null, time.GetUtcNow());
        try
        {
            // The row first: the worker may start the job the moment it is queued, and its updates need the row.
            await store.CreateAsync(record, CancellationToken.None);
            if (!queue.TryAdd(new ImportJob(id, domain.Name, domain.ReportToken, path, detected)))
            {
                spool.Delete(path);
                await store.DeleteAsync(id, CancellationToken.None);
                return QueueFull(context);
            }
        }
        catch (Exception)
        {
            spool.Delete(path);
            throw;
        }

        return TypedResults.Accepted($"/v1/imports/{id}", ImportResponse.Of(record));
    }

    private static async Task<Results<Ok<ImportResponse[]>, ProblemHttpResult>> ListAsync(
        string name, ClaimsPrincipal user, IGrainFactory grains, DomainStore domains, ImportStore store, CancellationToken cancellationToken)
    {
        var owner = await OwnerAsync(name, user, grains, domains);
        if (owner.Problem is not null)
        {
            return owner.Problem;
        }

        var jobs = await store.ListAsync(owner.Domain!.TenantId, owner.Domain.Name, ListLimit, cancellationToken);
        return TypedResults.Ok(jobs.Select(ImportResponse.Of).ToArray());
    }

    private static async Task<Results<Ok<ImportResponse>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, ImportStore store, CancellationToken cancellationToken)
    {
        var job = id.Length <= 64 ? await store.FindAsync(id, cancellationToken) : null;
        var tenant = TenantOf(user);
        return job is null || (tenant is not null && job.TenantId != tenant)
            ? ProblemTypes.Create(StatusCodes.Status404NotFound, "import-not-found", "Import not found", "No import with this id exists for you.")
            : TypedResults.Ok(ImportResponse.Of(job));
    }

    /// <summary>The domain and its holder: the caller's own domain, or for the admin key any registered domain.</summary>
    private static async Task<(DomainInfo? Domain, ProblemHttpResult? Problem)> OwnerAsync(string name, ClaimsPrincipal user, IGrainFactory grains, DomainStore domains)
    {
        var grain = DomainsApi.Grain(name, grains, out var key, out var problem);
        if (problem is not null)
        {
            return (null, problem);
        }

        var tenant = TenantOf(user) ?? (await domains.FindAsync(key))?.TenantId;
        var domain = tenant is null ? null : await grain!.GetAsync(tenant);
        return domain is null ? (null, DomainsApi.NotFound(key)) : (domain, null);
    }

    /// <summary>The caller's tenant; null for the admin key, which acts for whoever holds the domain.</summary>
    private static string? TenantOf(ClaimsPrincipal user) => user.FindFirstValue(PlatformClaims.TenantId);

    /// <summary>Streams the body to the spool file, refusing as soon as it passes the limit.</summary>
    private static async Task<long> SpoolAsync(HttpContext context, string path, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            throw new UploadTooLargeException();
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + 1;
        }

        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        try
        {
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    throw new UploadTooLargeException();
                }

                await file.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new UploadTooLargeException();
        }

        return total;
    }

    private static ProblemHttpResult QueueFull(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "60";
        return ProblemTypes.Create(StatusCodes.Status503ServiceUnavailable, "import-queue-full", "Import queue full",
            "The platform holds as many imports as it may; try again in a minute.");
    }

    private static async Task<ImportFormat> DetectAsync(string path)
    {
        await using var file = File.OpenRead(path);
        var head = new byte[ImportFormats.HeadLength];
        var read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false);
        return ImportFormats.Detect(head.AsSpan(0, read));
    }

    private static string FileNameOr(string? fileName, ImportFormat format) =>
        string.IsNullOrWhiteSpace(fileName)
            ? string.Create(CultureInfo.InvariantCulture, $"upload.{ImportFormats.Name(format)}")
            : Path.GetFileName(fileName.Trim());

    private sealed class UploadTooLargeException : Exception;
}
