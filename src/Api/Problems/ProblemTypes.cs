using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using TlsRptPlatform.Abstractions.Reports;
using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Api.Problems;

/// <summary>
/// Every error the API returns is <c>application/problem+json</c> (RFC 9457) with one stable <c>type</c> per kind;
/// clients branch on <c>type</c>, never on <c>title</c> or <c>detail</c>.
/// </summary>
public static class ProblemTypes
{
    public const string Prefix = "urn:tlsrpt-platform:problem:";

    /// <summary>The problem type of a refused report; the same word the rejection log shows as its <c>kind</c>.</summary>
    public static string Slug(ProblemKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    /// <summary>The problem kind of a body the reader refused before it reached a grain.</summary>
    public static ProblemKind KindOf(ReportErrorKind kind) => kind switch
    {
        ReportErrorKind.TooLarge => ProblemKind.ReportTooLarge,
        ReportErrorKind.Invalid => ProblemKind.InvalidReport,
        _ => ProblemKind.MalformedReport,
    };

    public static ProblemHttpResult Report(ProblemKind kind, string path, string detail)
    {
        var (status, title) = kind switch
        {
            ProblemKind.MalformedReport => (StatusCodes.Status400BadRequest, "The report is not well-formed"),
            ProblemKind.InvalidReport => (StatusCodes.Status422UnprocessableEntity, "The report is not a valid RFC 8460 report"),
            ProblemKind.ReportTooLarge => (StatusCodes.Status413PayloadTooLarge, "The report exceeds a size limit"),
            ProblemKind.UnsupportedMediaType => (StatusCodes.Status415UnsupportedMediaType, "Unsupported media type"),
            ProblemKind.PolicyDomainMismatch => (StatusCodes.Status422UnprocessableEntity, "The report is about another domain"),
            ProblemKind.ReportOutsideRetention => (StatusCodes.Status422UnprocessableEntity, "The report is older than the retention period"),
            ProblemKind.DkimRequired => (StatusCodes.Status422UnprocessableEntity, "The report mail has no passing DKIM signature"),
            ProblemKind.ReportInFuture => (StatusCodes.Status422UnprocessableEntity, "The report starts in the future"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        return Create(status, Slug(kind), title, detail, path);
    }

    public static ProblemHttpResult UnknownReportToken() =>
        Create(StatusCodes.Status404NotFound, "unknown-report-token", "Unknown report address", "No domain is registered under this report address.");

    public static ProblemHttpResult DomainNotFound(string name) =>
        Create(StatusCodes.Status404NotFound, "domain-not-found", "Domain not found", $"'{name}' is not one of your domains.");

    public static ProblemHttpResult ReportNotFound() =>
        Create(StatusCodes.Status404NotFound, "report-not-found", "Report not found", "No report with this id exists for the domain.");

    /// <param name="claim">What the caller must publish to take the domain over by registering it again.</param>
    public static ProblemHttpResult DomainTaken(string name, object claim)
    {
        var problem = Create(StatusCodes.Status409Conflict, "domain-registered-elsewhere", "Domain already registered",
            $"'{name}' is registered by another tenant. To take it over, publish the TLS-RPT record in 'claim' and register it again.");
        problem.ProblemDetails.Extensions["claim"] = claim;
        return problem;
    }

    /// <summary>A registration refused at the tenant's domain quota (<c>Tenants:MaxDomains</c> or the operator's own for the tenant).</summary>
    public static ProblemHttpResult DomainQuotaReached(int maxDomains, int domains)
    {
        var problem = Create(StatusCodes.Status409Conflict, "domain-quota-reached", "Domain quota reached",
            $"This tenant may register at most {maxDomains} domains and has {domains}; nothing was registered. Delete a domain or ask the platform operator for a higher quota.");
        problem.ProblemDetails.Extensions["maxDomains"] = maxDomains;
        problem.ProblemDetails.Extensions["domains"] = domains;
        return problem;
    }

    /// <summary>The caller's tenant is suspended by the platform operator: its keys and people are refused, its reports still accepted.</summary>
    public static ProblemHttpResult TenantSuspended() =>
        Create(StatusCodes.Status403Forbidden, "tenant-suspended", "Tenant suspended",
            "This tenant is suspended by the platform operator: its API keys and dashboard sign-ins are refused until it is resumed. Reports sent to its domains are still accepted and stored.");

    public static ProblemHttpResult InvalidDomainName(string detail) =>
        Create(StatusCodes.Status400BadRequest, "invalid-domain-name", "Invalid domain name", detail, "$.name");

    public static ProblemHttpResult InvalidRequest(string detail, string? path = null) =>
        Create(StatusCodes.Status400BadRequest, "invalid-request", "Invalid request", detail, path);

    public static ProblemHttpResult Create(int status, string kind, string title, string detail, string? path = null)
    {
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (path is not null)
        {
            extensions["path"] = path;
        }

        return TypedResults.Problem(detail, statusCode: status, title: title, type: Prefix + kind, extensions: extensions);
    }
}
