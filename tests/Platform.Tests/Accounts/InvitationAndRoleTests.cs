using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Accounts;

/// <summary>Invitations by e-mail, what each role may do, ownership and its transfer, tenants apart.</summary>
public sealed class InvitationAndRoleTests(PeoplePlatform platform) : IClassFixture<PeoplePlatform>
{
    [Fact]
    public async Task An_invited_viewer_joins_with_a_new_account_reads_everything_and_changes_nothing()
    {
        using var owner = await PersonClient.SignUpAsync(platform);
        var (domain, _) = await owner.Http.RegisterDomainAsync();
        var email = PersonClient.NewEmail("viewer");
        using (var invited = await owner.Http.PostAsJsonAsync("/v1/invitations", new { email, role = "viewer" }))
        {
            Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        }

        var token = await platform.TokenMailedToAsync(email, "invitation");
        Assert.Contains("People Inc.", Assert.Single(platform.MailTo(email)).Subject, StringComparison.Ordinal);
        var preview = JsonNode.Parse(await (await platform.Http.PostAsJsonAsync("/v1/invitations/preview", new { token })).Content.ReadAsStringAsync())!;
        Assert.Equal(("People Inc.", email, "viewer", false), ((string)preview["tenantName"]!, (string)preview["email"]!, (string)preview["role"]!, (bool)preview["accountExists"]!));

        using var viewer = PersonClient.New(platform.BaseUrl, email);
        using (var weak = await viewer.Http.PostAsJsonAsync("/v1/invitations/accept", new { token, password = "short" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        }

        using (var accepted = await viewer.Http.PostAsJsonAsync("/v1/invitations/accept", new { token, password = PersonClient.Password }))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            viewer.Adopt(JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!);
        }

        Assert.Equal(("viewer", "read", owner.TenantId), ((string)viewer.Session["role"]!, (string)viewer.Session["access"]!, viewer.TenantId));
        using (var reused = await platform.Http.PostAsJsonAsync("/v1/invitations/accept", new { token, password = "someone else's pass" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        }

        using (var read = await viewer.Http.GetAsync($"/v1/domains/{domain}/summary"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Delete, $"/v1/domains/{domain}", null),
            (HttpMethod.Post, "/v1/domains", new { name = "x.example" }),
            (HttpMethod.Post, $"/v1/domains/{domain}/checks", null),
            (HttpMethod.Post, "/v1/invitations", new { email = "friend@people.example", role = "admin" }),
            (HttpMethod.Post, "/v1/api-keys", new { name = "mine", scope = "admin" }),
        })
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var refused = await viewer.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(Problems.Prefix + "insufficient-role", (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["type"]);
        }

        var members = JsonNode.Parse(await owner.Http.GetStringAsync("/v1/members"))!.AsArray();
        Assert.Equal(["owner", "viewer"], members.Select(m => (string)m!["role"]!).Order());
        var audit = await owner.Http.GetStringAsync("/v1/audit");
        Assert.Contains("member-invited", audit, StringComparison.Ordinal);
        Assert.Contains("member-joined", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_manages_rules_and_checks_but_not_domains_and_an_admin_cannot_touch_owners()
    {
        using var owner = await PersonClient.SignUpAsync(platform);
        var (domain, _) = await owner.Http.RegisterDomainAsync();
        using var analyst = await PersonClient.JoinAsync(platform, owner, "analyst");
        using var admin = await PersonClient.JoinAsync(platform, owner, "admin");

        using (var channel = await owner.Http.PostAsJsonAsync("/v1/alerts/channels", new { kind = "email", to = "ops@people.example" }))
        {
            var channelId = (string)JsonNode.Parse(await channel.Content.ReadAsStringAsync())!["id"]!;
            using var rule = await analyst.Http.PostAsJsonAsync($"/v1/domains/{domain}/alert-rules", new { kind = "policy-broken", channels = new[] { channelId } });
            Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        }

        using (var check = await analyst.Http.PostAsync($"/v1/domains/{domain}/checks", null))
        {
            Assert.NotEqual(HttpStatusCode.Forbidden, check.StatusCode);
        }

        using (var register = await analyst.Http.PostAsJsonAsync("/v1/domains", new { name = $"t{Guid.NewGuid():N}.example" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, register.StatusCode);
        }

        using (var register = await admin.Http.PostAsJsonAsync("/v1/domains", new { name = $"t{Guid.NewGuid():N}.example" }))
        {
            Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        }

        var ownerId = (string)owner.Session["user"]!["id"]!;
        var analystId = (string)analyst.Session["user"]!["id"]!;
        using (var demoteOwner = await admin.Http.PutAsJsonAsync($"/v1/members/{ownerId}", new { role = "viewer" }))
        {
            Assert.Equal(Problems.Prefix + "owner-required", await Problems.TypeOfAsync(demoteOwner));
        }

        using (var crown = await admin.Http.PutAsJsonAsync($"/v1/members/{analystId}", new { role = "owner" }))
        {
            Assert.Equal(Problems.Prefix + "owner-required", await Problems.TypeOfAsync(crown));
        }

        using (var promote = await admin.Http.PutAsJsonAsync($"/v1/members/{analystId}", new { role = "admin" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, promote.StatusCode);
        }

        // The new role holds on the analyst's very next request: roles are read per request, not kept in the session.
        using (var nowAdmin = await analyst.Http.PostAsJsonAsync("/v1/domains", new { name = $"t{Guid.NewGuid():N}.example" }))
        {
            Assert.Equal(HttpStatusCode.Created, nowAdmin.StatusCode);
        }

        using (var deleteTenant = await admin.Http.DeleteAsync("/v1/tenant"))
        {
            Assert.Equal(Problems.Prefix + "insufficient-role", await Problems.TypeOfAsync(deleteTenant));
        }
    }

    [Fact]
    public async Task The_last_owner_cannot_leave_until_ownership_is_transferred()
    {
        using var owner = await PersonClient.SignUpAsync(platform);
        using var heir = await PersonClient.JoinAsync(platform, owner, "admin");
        var ownerId = (string)owner.Session["user"]!["id"]!;
        var heirId = (string)heir.Session["user"]!["id"]!;
        using (var leave = await owner.Http.PostAsync("/v1/members/leave", null))
        {
            Assert.Equal(Problems.Prefix + "last-owner", await Problems.TypeOfAsync(leave));
        }

        using (var stepDown = await owner.Http.PutAsJsonAsync($"/v1/members/{ownerId}", new { role = "admin" }))
        {
            Assert.Equal(Problems.Prefix + "last-owner", await Problems.TypeOfAsync(stepDown));
        }

        using (var transfer = await owner.Http.PutAsJsonAsync($"/v1/members/{heirId}", new { role = "owner" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, transfer.StatusCode);
        }

        using (var leave = await owner.Http.PostAsync("/v1/members/leave", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, leave.StatusCode);
        }

        // Gone from the tenant: the session stays, the tenant's data does not.
        using (var after = await owner.Http.GetAsync("/v1/domains"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        }

        var members = JsonNode.Parse(await heir.Http.GetStringAsync("/v1/members"))!.AsArray();
        var only = Assert.Single(members);
        Assert.Equal((heirId, "owner"), ((string)only!["userId"]!, (string)only["role"]!));
    }

    [Fact]
    public async Task A_person_in_two_tenants_switches_between_them_and_sees_only_the_one_they_look_at()
    {
        using var first = await PersonClient.SignUpAsync(platform, tenantName: "First Agency Client");
        using var second = await PersonClient.SignUpAsync(platform, tenantName: "Second Agency Client");
        var (firstDomain, _) = await first.Http.RegisterDomainAsync();
        var (secondDomain, _) = await second.Http.RegisterDomainAsync();

        // The first tenant's owner is invited to the second; with an account already, they sign in and then accept.
        using (var invite = await second.Http.PostAsJsonAsync("/v1/invitations", new { email = first.Email, role = "analyst" }))
        {
            Assert.Equal(HttpStatusCode.Created, invite.StatusCode);
        }

        var token = await platform.TokenMailedToAsync(first.Email, "invitation");
        using (var anonymous = await platform.Http.PostAsJsonAsync("/v1/invitations/accept", new { token }))
        {
            Assert.Equal(Problems.Prefix + "sign-in-first", await Problems.TypeOfAsync(anonymous));
        }

        using (var wrongPerson = await second.Http.PostAsJsonAsync("/v1/invitations/accept", new { token }))
        {
            Assert.Equal(Problems.Prefix + "invitation-for-another-address", await Problems.TypeOfAsync(wrongPerson));
        }

        using (var accepted = await first.Http.PostAsJsonAsync("/v1/invitations/accept", new { token }))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            first.Adopt(JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!);
        }

        Assert.Equal(second.TenantId, first.TenantId);
        Assert.Equal(2, first.Session["tenants"]!.AsArray().Count);
        Assert.Contains(secondDomain, await first.Http.GetStringAsync("/v1/domains"), StringComparison.Ordinal);
        using (var other = await first.Http.GetAsync($"/v1/domains/{firstDomain}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        var firstTenant = first.Session["tenants"]!.AsArray().Single(t => (string)t!["id"]! != second.TenantId)!["id"]!.ToString();
        using (var switched = await first.Http.PutAsJsonAsync("/v1/session/tenant", new { tenantId = firstTenant }))
        {
            Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
            first.Adopt(JsonNode.Parse(await switched.Content.ReadAsStringAsync())!);
        }

        Assert.Equal("owner", (string?)first.Session["role"]);
        var domains = await first.Http.GetStringAsync("/v1/domains");
        Assert.Contains(firstDomain, domains, StringComparison.Ordinal);
        Assert.DoesNotContain(secondDomain, domains, StringComparison.Ordinal);

        // A tenant one does not belong to cannot be switched to.
        using var foreign = await second.Http.PutAsJsonAsync("/v1/session/tenant", new { tenantId = firstTenant });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task An_owner_deletes_the_tenant_with_its_domains_and_its_people_keep_their_accounts()
    {
        using var owner = await PersonClient.SignUpAsync(platform);
        using var member = await PersonClient.JoinAsync(platform, owner, "viewer");
        var (domain, token) = await owner.Http.RegisterDomainAsync();
        using (var delivered = await platform.Http.PostJsonAsync(token, Reports.WithSessions(domain, "gone-1", DateOnly.FromDateTime(DateTime.UtcNow), 5, 0)))
        {
            Assert.Equal(HttpStatusCode.Created, delivered.StatusCode);
        }

        using (var deleted = await owner.Http.DeleteAsync("/v1/tenant"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        // The domain is free for anyone to register again; the report address no longer takes reports.
        using var newcomer = await PersonClient.SignUpAsync(platform);
        var (again, _) = await newcomer.Http.RegisterDomainAsync(domain);
        Assert.Equal(domain, again);
        using (var refused = await platform.Http.PostJsonAsync(token, Reports.WithSessions(domain, "gone-2", DateOnly.FromDateTime(DateTime.UtcNow), 5, 0)))
        {
            Assert.False(refused.IsSuccessStatusCode);
        }

        var account = JsonNode.Parse(await member.Http.GetStringAsync("/v1/account"))!;
        Assert.Empty(account["tenants"]!.AsArray());
        using var signedIn = await PersonClient.SignInAsync(platform.BaseUrl, member.Email);
        Assert.Null(signedIn.Session["tenantId"]);
    }
}
