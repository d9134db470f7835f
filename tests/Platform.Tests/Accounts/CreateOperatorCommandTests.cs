using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Platform.Tests.Accounts;

/// <summary><c>create-operator EMAIL</c>, run as the built executable against the store of a running platform.</summary>
public sealed partial class CreateOperatorCommandTests(PeoplePlatform platform) : IClassFixture<PeoplePlatform>
{
    [Fact]
    public async Task The_command_makes_the_first_operator_whose_link_sets_a_password_that_signs_in()
    {
        var email = PersonClient.NewEmail("first-operator");
        var (exit, output, error) = await RunAsync(email);
        Assert.True(exit == 0, $"exit {exit}: {output}{error}");
        Assert.Contains($"Created operator account {email}", output, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(Link().Match(output).Groups[1].Value);

        using (var set = await platform.Http.PostAsJsonAsync("/v1/account/password-reset/confirm", new { token, password = PersonClient.Password }))
        {
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        }

        using var person = await PersonClient.SignInAsync(platform.BaseUrl, email);
        Assert.True((bool)person.Session["operator"]!);
        using var console = await person.Http.GetAsync("/v1/admin/tenants");
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);

        // Again for the same address: no second account, a new link.
        var again = await RunAsync(email);
        Assert.Equal(0, again.Exit);
        Assert.Contains($"{email} (", again.Output, StringComparison.Ordinal);
        Assert.Contains("is now an operator", again.Output, StringComparison.Ordinal);

        var bad = await RunAsync("not an address");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("Usage: create-operator EMAIL", bad.Error, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string email)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TlsRptPlatform.Silo.dll"));
        start.ArgumentList.Add("create-operator");
        start.ArgumentList.Add(email);
        start.Environment["ConnectionStrings__Platform"] = platform.Services.GetRequiredService<PlatformDatabase>().ConnectionString;
        start.Environment["Platform__PublicBaseUrl"] = platform.BaseUrl.ToString();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    [GeneratedRegex(@"#/reset-password\?token=(\S+)")]
    private static partial Regex Link();
}
