using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace TlsRptPlatform.Platform.Tests.Deployment;

/// <summary>The YAML under deploy/k8s, read as plain trees (maps, lists, scalars).</summary>
public static class Manifests
{
    public static string Root { get; } = Path.Combine(RepositoryRoot(), "deploy", "k8s");

    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static IReadOnlyList<Dictionary<object, object>> Documents(string file)
    {
        IParser parser = new Parser(new StringReader(File.ReadAllText(file)));
        var deserializer = new DeserializerBuilder().Build();
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
        {
            if (deserializer.Deserialize(parser) is Dictionary<object, object> document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    /// <summary>Every Kubernetes object of the base and the overlays (kustomization files excluded).</summary>
    public static IReadOnlyList<(string File, Dictionary<object, object> Object)> Objects() =>
        Files().Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .SelectMany(f => Documents(f).Select(d => (Path.GetRelativePath(Root, f), d)))
            .ToList();

    public static object? At(this object? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is Dictionary<object, object> map && map.TryGetValue(key, out var child) ? child : null;
        }

        return node;
    }

    public static string? Text(this object? node, params string[] path) => node.At(path) as string;

    public static IEnumerable<object> Items(this object? node, params string[] path) =>
        node.At(path) as List<object> ?? [];

    public static Dictionary<string, string> Labels(this object? node, params string[] path) =>
        (node.At(path) as Dictionary<object, object> ?? []).ToDictionary(p => (string)p.Key, p => p.Value?.ToString() ?? string.Empty);

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TlsRptPlatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("TlsRptPlatform.sln not found above the test directory.");
    }
}
