using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Hosting;

/// <summary>A healthy fresh start logs nothing that reads like a fault (issue 11: the watchdog's start-up race).</summary>
public class StartupLogTests
{
    [Fact]
    public async Task A_fresh_start_reports_no_watchdog_stall()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"tlsrpt-start-{Guid.NewGuid():N}");
        try
        {
            await using var platform = await PlatformProcess.StartAsync(FreePort.Next(), PlatformProcess.Settings(dataDirectory, connectionString: null));
            // The platform watchdog checks once a second from the silo's start; by readiness plus a few ticks the
            // racy first check has run.
            await Task.Delay(TimeSpan.FromSeconds(3));

            Assert.DoesNotContain("Participant check thread has not completed", platform.Output, StringComparison.Ordinal);
            Assert.Contains("Applied schema migration", platform.Output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}
