namespace TlsRptPlatform.Platform.Tests.Deployment;

/// <summary>
/// deploy/k8s keeps <c>/metrics</c> on the management port (<c>Telemetry:MetricsPort</c>): Prometheus scrapes that port
/// on every platform pod, and nothing that faces the internet (Ingress, LoadBalancer, NodePort) leads to it.
/// </summary>
public class MetricsPortManifestTests
{
    private const string MetricsPortName = "metrics";

    [Fact]
    public void Prometheus_scrapes_the_configured_metrics_port_of_every_platform_pod()
    {
        var configured = Manifests.Objects().Single(o => o.Object.Text("metadata", "name") == "tlsrpt-config").Object.Labels("data")["Telemetry__MetricsPort"];
        var deployments = PlatformDeployments().ToList();

        // Silo and gateway in the base, the policy host in its optional component.
        Assert.Equal(3, deployments.Count);
        foreach (var (file, deployment) in deployments)
        {
            var annotations = deployment.Labels("spec", "template", "metadata", "annotations");
            var metricsPort = Containers(deployment).SelectMany(c => c.Items("ports")).Single(p => p.Text("name") == MetricsPortName);
            Assert.Equal(configured, metricsPort.At("containerPort")?.ToString());
            Assert.Equal("true", annotations.GetValueOrDefault("prometheus.io/scrape"));
            Assert.True(annotations.GetValueOrDefault("prometheus.io/port") == configured, $"{file}: Prometheus scrapes another port than Telemetry:MetricsPort");
            Assert.Equal("/metrics", annotations.GetValueOrDefault("prometheus.io/path"));
        }
    }

    [Fact]
    public void Nothing_that_faces_the_internet_leads_to_the_metrics_port()
    {
        var services = Manifests.Objects().Where(o => o.Object.Text("kind") == "Service").ToDictionary(o => o.Object.Text("metadata", "name")!, o => o.Object);
        var metricsPorts = PlatformDeployments().SelectMany(d => Containers(d.Object)).SelectMany(c => c.Items("ports"))
            .Where(p => p.Text("name") == MetricsPortName).Select(p => p.At("containerPort")!.ToString()!).Append(MetricsPortName).ToHashSet(StringComparer.Ordinal);

        var exposed = new List<(string Service, object Port)>();
        foreach (var (_, ingress) in Manifests.Objects().Where(o => o.Object.Text("kind") == "Ingress"))
        {
            var backends = ingress.Items("spec", "rules").SelectMany(r => r.Items("http", "paths")).Select(p => p.At("backend", "service"))
                .Append(ingress.At("spec", "defaultBackend", "service")).OfType<object>();
            foreach (var backend in backends)
            {
                var service = services[backend.Text("name")!];
                var wanted = backend.Text("port", "name") ?? backend.At("port", "number")?.ToString();
                exposed.AddRange(service.Items("spec", "ports").Where(p => p.Text("name") == wanted || p.At("port")?.ToString() == wanted).Select(p => (backend.Text("name")!, p)));
            }
        }

        exposed.AddRange(services.Where(s => s.Value.Text("spec", "type") is "LoadBalancer" or "NodePort")
            .SelectMany(s => s.Value.Items("spec", "ports").Select(p => (s.Key, p))));

        Assert.NotEmpty(exposed);
        foreach (var (service, port) in exposed)
        {
            var target = port.At("targetPort")?.ToString() ?? port.At("port")!.ToString()!;
            Assert.False(metricsPorts.Contains(target), $"Service {service} faces the internet and targets the metrics port ({target}).");
        }
    }

    [Fact]
    public void Only_pods_in_the_cluster_may_connect_to_the_metrics_port()
    {
        var rules = Manifests.Objects().Where(o => o.Object.Text("kind") == "NetworkPolicy")
            .SelectMany(o => o.Object.Items("spec", "ingress"))
            .Where(r => r.Items("ports").Any(p => p.At("port")?.ToString() == MetricsPortName))
            .ToList();

        Assert.Equal(3, rules.Count);
        Assert.All(rules, rule =>
        {
            // A rule without "from" admits every source, the internet behind a LoadBalancer included.
            var peers = rule.Items("from").ToList();
            Assert.NotEmpty(peers);
            Assert.All(peers, peer => Assert.Null(peer.At("ipBlock")));
        });
    }

    private static IEnumerable<(string File, Dictionary<object, object> Object)> PlatformDeployments() =>
        Manifests.Objects().Where(o => o.Object.Text("kind") == "Deployment" && Containers(o.Object).Any(c => c.Text("image") == "tlsrpt-platform"));

    private static IEnumerable<object> Containers(object workload) => workload.Items("spec", "template", "spec", "containers");
}
