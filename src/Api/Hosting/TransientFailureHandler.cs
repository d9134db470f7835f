using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TlsRptPlatform.Api.Problems;

namespace TlsRptPlatform.Api.Hosting;

/// <summary>
/// Turns a store or cluster outage met by any request into <c>503 store-unavailable</c> (or <c>storage-full</c>) + <c>Retry-After</c>
/// (problem+json) instead of a 500 that tells a sender nothing about trying again. Nothing is acknowledged by it:
/// a report that met the outage is delivered again and counted once.
/// </summary>
internal sealed partial class TransientFailureHandler(IProblemDetailsService problems, StorageFullAlarm storageFull, ILogger<TransientFailureHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!TransientFailures.IsTransient(exception))
        {
            return false;
        }

        var full = TransientFailures.IsStorageFull(exception);
        if (full)
        {
            storageFull.Raise(exception);
        }
        else
        {
            LogUnavailable(logger, exception.GetType().Name, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = ProblemTypes.Prefix + (full ? "storage-full" : "store-unavailable"),
                Title = full ? "Storage full" : "Temporarily unavailable",
                Detail = (full ? "The platform's storage is full right now" : "The platform's store cannot be reached right now")
                    + $"; try again in {RetryAfterSeconds} seconds. Nothing was acknowledged: a report sent again is counted once.",
            },
        });
    }

    // Not the exception itself: an outage makes thousands of these a minute, and the store's own log says why.
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Exception} during {Method} {Path}: answered 503 store-unavailable")]
    private static partial void LogUnavailable(ILogger logger, string exception, string method, string path);
}
