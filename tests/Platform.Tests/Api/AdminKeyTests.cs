using Microsoft.Extensions.Options;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Api.Hosting;

namespace TlsRptPlatform.Platform.Tests.Api;

public class AdminKeyTests
{
    [Fact]
    public void An_unset_admin_key_is_generated_printed_once_and_kept_only_as_a_hash()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"tlsrpt-admin-{Guid.NewGuid():N}");
        var options = Options.Create(new PlatformOptions { DataDirectory = directory });
        using var firstConsole = new StringWriter();
        using var secondConsole = new StringWriter();

        var first = new AdminKey(options, firstConsole);
        var printed = firstConsole.ToString().Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("tlsrpt_", StringComparison.Ordinal));
        var second = new AdminKey(options, secondConsole);
        var stored = File.ReadAllText(Path.Combine(directory, AdminKey.FileName));

        Assert.True(first.Matches(printed));
        Assert.True(second.Matches(printed));
        Assert.False(second.Matches(printed + "x"));
        Assert.Empty(secondConsole.ToString());
        Assert.DoesNotContain(printed, stored, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void A_configured_admin_key_is_used_and_nothing_is_written()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"tlsrpt-admin-{Guid.NewGuid():N}");
        var key = new AdminKey(Options.Create(new PlatformOptions { DataDirectory = directory, AdminApiKey = "configured-secret" }));

        Assert.True(key.Matches("configured-secret"));
        Assert.False(Directory.Exists(directory));
    }
}
