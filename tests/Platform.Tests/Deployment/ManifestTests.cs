using System.Text.RegularExpressions;

namespace TlsRptPlatform.Platform.Tests.Deployment;

/// <summary>Consistency of deploy/k8s without a cluster: what kubectl would only find out at rollout time.</summary>
public partial class ManifestTests
{
    private static readonly string[] HealthPaths = ["/health/live", "/health/ready", "/health/startup"];
    private static readonly string[] WorkloadKinds = ["Deployment", "StatefulSet", "Job"];

    [Fact]
    public void Every_document_parses_and_names_its_kind()
    {
        var files = Manifests.Files().ToList();

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var documents = Manifests.Documents(file);
            Assert.NotEmpty(documents);
            Assert.All(documents, d => Assert.False(string.IsNullOrEmpty(d.Text("kind")), $"{file}: a document without kind"));
        }
    }

    [Fact]
    public void Every_kustomization_resource_exists()
    {
        foreach (var kustomization in Manifests.Files().Where(f => Path.GetFileName(f) == "kustomization.yaml"))
        {
            foreach (var resource in Manifests.Documents(kustomization)[0].Items("resources").Cast<string>())
            {
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(kustomization)!, resource));
                Assert.True(File.Exists(path) || File.Exists(Path.Combine(path, "kustomization.yaml")), $"{kustomization}: {resource} not found");
            }
        }
    }

    [Fact]
    public void Workload_selectors_match_their_pod_labels()
    {
        foreach (var (file, workload) in Workloads().Where(w => w.Object.Text("kind") != "Job"))
        {
            var selector = workload.Labels("spec", "selector", "matchLabels");
            var labels = workload.Labels("spec", "template", "metadata", "labels");
            Assert.NotEmpty(selector);
            Assert.All(selector, s => Assert.True(labels.TryGetValue(s.Key, out var v) && v == s.Value, $"{file}: selector {s.Key}={s.Value} not on the pods"));
        }
    }

    [Fact]
    public void Services_select_pods_and_target_their_ports()
    {
        foreach (var (file, service) in Manifests.Objects().Where(o => o.Object.Text("kind") == "Service"))
        {
            var selector = service.Labels("spec", "selector");
            var pods = Workloads().Where(w => selector.All(s => w.Object.Labels("spec", "template", "metadata", "labels").GetValueOrDefault(s.Key) == s.Value)).ToList();
            Assert.True(pods.Count > 0, $"{file}: Service {service.Text("metadata", "name")} selects no pods");
            foreach (var port in service.Items("spec", "ports"))
            {
                var target = port.At("targetPort")?.ToString() ?? port.At("port")!.ToString()!;
                Assert.All(pods, p => Assert.Contains(target, ContainerPorts(p.Object)));
            }
        }
    }

    [Fact]
    public void Probes_use_declared_ports_and_served_health_paths()
    {
        foreach (var (file, workload) in PlatformWorkloads().Where(w => w.Object.Text("kind") == "Deployment"))
        {
            var container = Containers(workload).Single();
            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            {
                Assert.True(container.At(probe) is not null, $"{file}: no {probe}");
                Assert.Contains(container.Text(probe, "httpGet", "port") ?? "(none)", ContainerPorts(workload));
                Assert.Contains(container.Text(probe, "httpGet", "path"), HealthPaths);
            }

            Assert.Equal("/health/live", container.Text("livenessProbe", "httpGet", "path"));
            Assert.Equal("/health/startup", container.Text("startupProbe", "httpGet", "path"));
        }
    }

    [Fact]
    public void Platform_pods_shut_down_gracefully_and_roll_without_losing_capacity()
    {
        foreach (var (file, workload) in PlatformWorkloads().Where(w => w.Object.Text("kind") == "Deployment"))
        {
            // The host's shutdown timeout is 30 s (PlatformHost); Kubernetes must wait longer before SIGKILL.
            Assert.True(int.Parse(workload.Text("spec", "template", "spec", "terminationGracePeriodSeconds") ?? "30", System.Globalization.CultureInfo.InvariantCulture) > 30, file);
            Assert.Equal("0", workload.At("spec", "strategy", "rollingUpdate", "maxUnavailable")?.ToString());
            Assert.Equal("false", workload.At("spec", "template", "spec", "automountServiceAccountToken")?.ToString()?.ToLowerInvariant());
            Assert.Equal("true", Containers(workload).Single().At("securityContext", "readOnlyRootFilesystem")?.ToString()?.ToLowerInvariant());
        }
    }

    [Fact]
    public void Every_environment_variable_maps_to_a_documented_configuration_key()
    {
        var documented = DocumentedKeys();
        var names = new List<(string File, string Name)>();
        foreach (var (file, workload) in PlatformWorkloads())
        {
            names.AddRange(Containers(workload).SelectMany(c => c.Items("env")).Select(e => (file, e.Text("name")!)));
        }

        foreach (var (file, obj) in Manifests.Objects().Where(o => o.Object.Text("metadata", "name") is "tlsrpt-config" or "tlsrpt-secrets"))
        {
            names.AddRange(obj.Labels("data").Keys.Concat(obj.Labels("stringData").Keys).Select(k => (file, k)));
        }

        foreach (var kustomization in Manifests.Files().Where(f => Path.GetFileName(f) == "kustomization.yaml"))
        {
            var generators = Manifests.Documents(kustomization)[0].Items("secretGenerator").Where(g => g.Text("name") == "tlsrpt-secrets");
            names.AddRange(generators.SelectMany(g => g.Items("literals")).Select(l => (kustomization, ((string)l).Split('=')[0])));
        }

        Assert.NotEmpty(names);
        foreach (var (file, name) in names)
        {
            Assert.True(documented.Contains(name.Replace("__", ":", StringComparison.Ordinal)), $"{file}: {name} is not a configuration key in README.md");
        }
    }

    private static IEnumerable<(string File, Dictionary<object, object> Object)> Workloads() =>
        Manifests.Objects().Where(o => WorkloadKinds.Contains(o.Object.Text("kind")));

    private static IEnumerable<(string File, Dictionary<object, object> Object)> PlatformWorkloads() =>
        Workloads().Where(w => Containers(w.Object).Any(c => c.Text("image") == "tlsrpt-platform"));

    private static IEnumerable<object> Containers(object workload) => workload.Items("spec", "template", "spec", "containers");

    private static HashSet<string> ContainerPorts(object workload) =>
        Containers(workload).SelectMany(c => c.Items("ports"))
            .SelectMany(p => new[] { p.Text("name"), p.At("containerPort")?.ToString() })
            .OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>The keys of README.md's configuration table: the documented contract of environment variables.</summary>
    private static HashSet<string> DocumentedKeys()
    {
        var readme = File.ReadAllLines(Path.Combine(Manifests.RepositoryRoot(), "README.md"));
        return readme.Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(l => KeyPattern().Matches(l.Split('|')[1]).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex KeyPattern();
}
