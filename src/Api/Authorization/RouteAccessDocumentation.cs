using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using System.Text.Json.Nodes;

namespace TlsRptPlatform.Api.Authorization;

/// <summary>
/// Writes each operation's declared access into the OpenAPI document as <c>x-required-access</c>
/// (<c>anonymous</c>, <c>read</c>, <c>write</c>, <c>admin</c>, <c>operator</c>): clients see what a key needs, and the
/// route-matrix test walks the document and checks every answer against it. Undeclared operations get no extension.
/// </summary>
internal static class RouteAccessDocumentation
{
    public const string Extension = "x-required-access";

    public static OpenApiOptions DocumentRouteAccess(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<RouteAccessMetadata>().LastOrDefault();
            if (declared is not null)
            {
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions[Extension] = new JsonNodeExtension(JsonValue.Create(declared.Name));
            }

            return Task.CompletedTask;
        });
}
