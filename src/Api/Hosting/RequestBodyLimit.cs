using Microsoft.AspNetCore.Http.Metadata;

namespace TlsRptPlatform.Api.Hosting;

/// <summary>
/// A body size limit as endpoint metadata: routing applies it to the request before the endpoint reads the body, and
/// a larger body is refused with 413 (problem+json). Used for the tenant API, whose bodies are small JSON documents.
/// </summary>
internal sealed record RequestBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
