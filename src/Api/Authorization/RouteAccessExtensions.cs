using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TlsRptPlatform.Api.Authorization;

/// <summary>How endpoints and groups declare the access they need.</summary>
public static class RouteAccessExtensions
{
    /// <summary>Open to anyone. Also marks the endpoint <c>AllowAnonymous</c>, so no authorization policy applies.</summary>
    public static TBuilder AllowAnonymousAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(new RouteAccessMetadata(RouteAccess.Anonymous));

    /// <summary>Needs a tenant key or session of at least <paramref name="scope"/> (or the admin key, where the route's policy admits it).</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, RouteAccess scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RouteAccessMetadata(scope));

    /// <summary>
    /// The group's rule for endpoints that declare nothing themselves: reading (<c>GET</c>, <c>HEAD</c>) needs
    /// <paramref name="reads"/>, anything else <paramref name="changes"/>. Applied last, so an endpoint's own
    /// <see cref="RequireAccess{TBuilder}"/> wins.
    /// </summary>
    public static TBuilder RequireAccessByMethod<TBuilder>(this TBuilder builder, RouteAccess reads = RouteAccess.Read, RouteAccess changes = RouteAccess.Write)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<RouteAccessMetadata>().Any())
            {
                return;
            }

            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            var readOnly = methods.Count > 0 && methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m));
            endpoint.Metadata.Add(new RouteAccessMetadata(readOnly ? reads : changes));
        });
        return builder;
    }
}
