using System.Text.Json.Nodes;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>Reading the platform's problem+json answers in tests.</summary>
public static class Problems
{
    public const string Prefix = "urn:tlsrpt-platform:problem:";

    /// <summary>The answer's problem <c>type</c>, or null when it has none.</summary>
    public static async Task<string?> TypeOfAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["type"];
    }
}
