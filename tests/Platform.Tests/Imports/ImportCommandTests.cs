using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Protocol.Tests;

namespace TlsRptPlatform.Platform.Tests.Imports;

/// <summary>The operator's <c>import</c> command, run as the built executable against the running platform.</summary>
public sealed class ImportCommandTests(SqlitePlatform platform) : IClassFixture<SqlitePlatform>
{
    [Fact]
    public async Task The_command_imports_an_mbox_for_any_tenants_domain_with_the_admin_key_and_shows_progress_and_outcome()
    {
        using var tenant = await platform.NewTenantAsync();
        var (domain, _) = await tenant.RegisterDomainAsync();
        var report = Reports.For("mta-sts-exporter/google.json", domain, "cli-1");
        var mbox = Archives.Mbox(
            Archives.Bytes(ReportMails.Report(domain, report, gzip: true)),
            Archives.Bytes(ReportMails.Report(domain, Reports.For("parsedmarc/rfc8460.json", domain, "cli-2"), gzip: false)),
            Archives.Bytes(ReportMails.Report(domain, report, gzip: false)),
            Archives.PlainMessage("out of office"));
        var file = Path.Combine(platform.DataDirectory, "archive.mbox");
        await File.WriteAllBytesAsync(file, mbox);

        var (exit, output, error) = await RunAsync(PlatformFixture.AdminKey, "--domain", domain, "--url", platform.BaseUrl.ToString(), file);

        Assert.True(exit == 0, $"exit {exit}: {output}{error}");
        Assert.Contains($"for {domain}: completed", output, StringComparison.Ordinal);
        Assert.Contains("2 accepted, 1 duplicates, 1 refused", output, StringComparison.Ordinal);
        Assert.Contains("refused (malformed-report): 1", output, StringComparison.Ordinal);
        Assert.Contains("[##############################] 100%", error, StringComparison.Ordinal);
        var summary = await tenant.GetFromJsonAsync<JsonNode>($"/v1/domains/{domain}/summary?from=2000-01-01&to=2100-01-01");
        Assert.Equal(2, (long)summary!["reports"]!);
        var job = (await tenant.GetFromJsonAsync<JsonArray>($"/v1/domains/{domain}/imports"))!.Single()!;
        Assert.Equal("archive.mbox", (string)job["fileName"]!);
    }

    [Fact]
    public async Task A_wrong_admin_key_or_an_unknown_domain_ends_with_a_clear_message_and_a_failing_exit_code()
    {
        var file = Path.Combine(platform.DataDirectory, "one.json");
        Directory.CreateDirectory(platform.DataDirectory);
        await File.WriteAllBytesAsync(file, Corpus.Read("mta-sts-exporter/google.json"));

        var wrongKey = await RunAsync("not-the-admin-key", "--domain", "example.org", "--url", platform.BaseUrl.ToString(), file);
        var unknown = await RunAsync(PlatformFixture.AdminKey, "--domain", "nobody-has-this.example", "--url", platform.BaseUrl.ToString(), file);
        var noKey = await RunAsync(null, "--domain", "example.org", file);

        Assert.Equal(1, wrongKey.Exit);
        Assert.Contains("refused (401)", wrongKey.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("'nobody-has-this.example' is not one of your domains", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, noKey.Exit);
        Assert.Contains("Platform__AdminApiKey", noKey.Error, StringComparison.Ordinal);
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(string? adminKey, params string[] arguments) =>
        SiloCommand.RunAsync(["import", .. arguments], new Dictionary<string, string?> { ["Platform__AdminApiKey"] = adminKey });
}
