using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TlsRptPlatform.Api.OpenApi;

/// <summary>
/// Gives every operation an <c>operationId</c> and a description, so generated clients read well: the id is the
/// feature and the handler (<c>DomainsApi.SummaryAsync</c> → <c>Domains_Summary</c>) unless an endpoint names itself,
/// and an operation without a description is described by its summary.
/// </summary>
internal static class OperationNames
{
    public static OpenApiOptions NameOperations(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            operation.OperationId ??= metadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName
                ?? metadata.OfType<MethodInfo>().Select(Name).FirstOrDefault();
            operation.Description ??= operation.Summary;
            return Task.CompletedTask;
        });

    private static string Name(MethodInfo handler)
    {
        var feature = handler.DeclaringType?.Name is { } type && type.EndsWith("Api", StringComparison.Ordinal) ? type[..^3] : handler.DeclaringType?.Name;
        var action = handler.Name.EndsWith("Async", StringComparison.Ordinal) ? handler.Name[..^5] : handler.Name;
        return feature is null ? action : $"{feature}_{action}";
    }
}
