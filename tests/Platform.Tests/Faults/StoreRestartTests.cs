using System.Net;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using Xunit.Abstractions;

namespace TlsRptPlatform.Platform.Tests.Faults;

/// <summary>PostgreSQL restarts under steady load, with the platform as its own process (issue 18).</summary>
public sealed class StoreRestartTests(ITestOutputHelper output)
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);

    [Fact]
    public async Task While_PostgreSQL_is_down_senders_get_503_with_Retry_After_and_after_it_nothing_acknowledged_is_lost()
    {
        using var store = PostgresServer.StartPrivate();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"tlsrpt-restart-{Guid.NewGuid():N}");
        await using var platform = await PlatformProcess.StartAsync(FreePort.Next(), PlatformProcess.Settings(dataDirectory, await store.CreateDatabaseAsync()));
        using var tenant = await TenantClient.CreateTenantAsync(platform.BaseUrl, "Restart");
        var domains = await tenant.RegisterDomainsAsync(16);

        TimeSpan down, up, recovered;
        var senders = new SteadySenders(platform.BaseUrl, domains, Yesterday, senders: 8);
        await using (senders)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            store.Stop();
            down = senders.Now;
            await Task.Delay(TimeSpan.FromSeconds(2));
            using (var ready = await tenant.GetAsync("/health/ready"))
            using (var summary = await tenant.GetAsync($"/v1/domains/{domains[0].Name}/summary"))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, summary.StatusCode);
                Assert.Equal("application/problem+json", summary.Content.Headers.ContentType?.MediaType);
            }

            await Task.Delay(TimeSpan.FromSeconds(4));
            store.Resume();
            up = senders.Now;
            recovered = await senders.RecoveryAfterAsync(up);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        output.WriteLine($"answers {senders.Describe()}; outage {(up - down).TotalSeconds:F1} s; first 2xx {recovered.TotalSeconds:F2} s after PostgreSQL was back");
        Assert.Contains(senders.Answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
        FaultAssertions.OnlyAcknowledgedOrRetryLater(senders);
        await FaultAssertions.NothingAcknowledgedIsLostAsync(tenant, senders, Yesterday);
    }

    [Fact]
    public async Task A_platform_told_to_stop_while_PostgreSQL_is_gone_exits_before_Kubernetes_would_kill_it()
    {
        using var store = PostgresServer.StartPrivate();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"tlsrpt-stop-{Guid.NewGuid():N}");
        var settings = PlatformProcess.Settings(dataDirectory, await store.CreateDatabaseAsync());
        settings["Platform:ShutdownDeadline"] = "00:00:20";
        await using var platform = await PlatformProcess.StartAsync(FreePort.Next(), settings);
        using var tenant = await TenantClient.CreateTenantAsync(platform.BaseUrl, "Stop");
        await tenant.RegisterDomainsAsync(2);
        store.Stop();

        // terminationGracePeriodSeconds in deploy/k8s is 45: a process still running then is SIGKILLed. Orleans alone
        // would go on trying to write its leaving to the membership table for minutes.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var exitCode = await platform.TerminateAsync(TimeSpan.FromSeconds(45));
            output.WriteLine($"exited with {exitCode} after {clock.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(3, exitCode);
            Assert.Contains("exiting now without a clean stop (Platform:ShutdownDeadline)", platform.Output, StringComparison.Ordinal);
        }
        catch (TaskCanceledException)
        {
            Assert.Fail($"Still running 45 s after SIGTERM. Its log:\n{platform.Output[^Math.Min(platform.Output.Length, 20_000)..]}");
        }
    }
}
