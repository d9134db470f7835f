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

    private Task<(int Exit, string Output, string Error)> RunAsync(string email) =>
        SiloCommand.RunAsync(["create-operator", email], new Dictionary<string, string?>
        {
            ["ConnectionStrings__Platform"] = platform.Services.GetRequiredService<PlatformDatabase>().ConnectionString,
            ["Platform__PublicBaseUrl"] = platform.BaseUrl.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
        });

    [GeneratedRegex(@"#/reset-password\?token=(\S+)")]
    private static partial Regex Link();
}
