using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace TlsRptPlatform.Api.OpenApi;

/// <summary>Puts example bodies into the OpenAPI document, so the reference page shows real-looking requests and answers.</summary>
public static class OpenApiExamples
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, object example, string mediaType = "application/json")
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody ??= new OpenApiRequestBody { Required = true };
            var body = (OpenApiRequestBody)operation.RequestBody;
            body.Content ??= new Dictionary<string, OpenApiMediaType>();
            SetExample(body.Content, mediaType, example);
            return Task.CompletedTask;
        });

    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, int status, object example, string mediaType = "application/json")
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            var key = status.ToString(CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(key, out var response))
            {
                response = new OpenApiResponse { Description = ReasonPhrases(status) };
                operation.Responses[key] = response;
            }

            var concrete = (OpenApiResponse)response;
            concrete.Content ??= new Dictionary<string, OpenApiMediaType>();
            SetExample(concrete.Content, mediaType, example);
            return Task.CompletedTask;
        });

    /// <summary>An example problem answer with the platform's stable problem type.</summary>
    public static TBuilder WithProblemExample<TBuilder>(this TBuilder builder, int status, string kind, string detail, string? path = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithResponseExample(
            status,
            new Dictionary<string, object?>
            {
                ["type"] = Problems.ProblemTypes.Prefix + kind,
                ["title"] = ReasonPhrases(status),
                ["status"] = status,
                ["detail"] = detail,
                ["path"] = path,
            },
            "application/problem+json");

    private static void SetExample(IDictionary<string, OpenApiMediaType> content, string mediaType, object example)
    {
        if (!content.TryGetValue(mediaType, out var media))
        {
            media = new OpenApiMediaType();
            content[mediaType] = media;
        }

        media.Example = example is JsonNode node ? node.DeepClone() : JsonSerializer.SerializeToNode(example, Web);
    }

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
