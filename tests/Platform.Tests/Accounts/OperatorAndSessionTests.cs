using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Accounts;

/// <summary>The operator's first account, and people's sessions ending when idle and when old.</summary>
public sealed class OperatorAndSessionTests(ShortSessionPlatform platform) : IClassFixture<ShortSessionPlatform>
{
    [Fact]
    public async Task The_admin_key_makes_the_first_operator_who_sets_a_password_and_sees_the_operator_console()
    {
        using var admin = platform.AdminClient();
        var email = PersonClient.NewEmail("operator");
        using var created = await admin.PostAsJsonAsync("/v1/admin/operators", new { email });
        var body = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.True((bool)body["created"]!);
        var link = (string)body["passwordLink"]!;
        Assert.StartsWith($"{platform.BaseUrl}#/reset-password?token=", link, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        using (var set = await admin.PostAsJsonAsync("/v1/account/password-reset/confirm", new { token, password = PersonClient.Password }))
        {
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        }

        using var operatorPerson = await PersonClient.SignInAsync(platform.BaseUrl, email);
        Assert.True((bool)operatorPerson.Session["operator"]!);
        Assert.Null(operatorPerson.Session["tenantId"]);
        using (var tenants = await operatorPerson.Http.GetAsync("/v1/admin/tenants"))
        {
            Assert.Equal(HttpStatusCode.OK, tenants.StatusCode);
        }

        // An operator without a tenant reads no tenant's data.
        using (var domains = await operatorPerson.Http.GetAsync("/v1/domains"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, domains.StatusCode);
        }

        using var tenantKey = await platform.NewTenantAsync("Not an operator");
        using var refused = await tenantKey.PostAsJsonAsync("/v1/admin/operators", new { email = PersonClient.NewEmail() });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_session_ends_when_idle_and_when_old_however_busy()
    {
        using var operatorPerson = await platform.NewOperatorAsync();
        // Busy: a request every second keeps it alive past the idle timeout …
        for (var i = 0; i < 5; i++)
        {
            using var busy = await operatorPerson.Http.GetAsync("/v1/account");
            Assert.Equal(HttpStatusCode.OK, busy.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        // … but not past its lifetime.
        await Eventually.TrueAsync(async () =>
        {
            using var old = await operatorPerson.Http.GetAsync("/v1/account");
            return old.StatusCode == HttpStatusCode.Unauthorized;
        }, seconds: 20, what: "the session to reach its absolute lifetime");

        using var idle = await platform.NewOperatorAsync();
        await Task.Delay(ShortSessionPlatform.IdleTimeout + TimeSpan.FromSeconds(1));
        using var afterIdle = await idle.Http.GetAsync("/v1/account");
        Assert.Equal(HttpStatusCode.Unauthorized, afterIdle.StatusCode);
    }
}
