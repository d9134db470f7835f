namespace TlsRptPlatform.Api.Authorization;

/// <summary>Endpoint metadata carrying a route's declared <see cref="RouteAccess"/>; the last one added wins.</summary>
public sealed record RouteAccessMetadata(RouteAccess Access)
{
    /// <summary>The name used in the OpenAPI document (<c>x-required-access</c>) and in docs/API.md.</summary>
    public string Name => Access.ToString().ToLowerInvariant();
}
