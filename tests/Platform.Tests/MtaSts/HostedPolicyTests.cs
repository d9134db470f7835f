using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Silo.Hosting;

namespace TlsRptPlatform.Platform.Tests.MtaSts;

/// <summary>Hosted policies through the tenant API, served by Host name over real HTTP, on PostgreSQL.</summary>
public class HostedPolicyTests(MtaStsPlatform platform) : IClassFixture<MtaStsPlatform>
{
    [Fact]
    public async Task A_hosted_policy_is_saved_served_by_host_name_and_every_change_gets_a_new_id()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();

        var created = await PutAsync(tenant, name, new { mode = "testing", mx = new[] { $"MX1.{name}.", "*.Example.NET" }, maxAge = 604800 });
        var id = (string)created["id"]!;
        Assert.Equal("testing", (string?)created["mode"]);
        Assert.Equal([$"mx1.{name}", "*.example.net"], created["mx"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(604800, (long)created["maxAge"]!);
        Assert.Matches("^[a-zA-Z0-9]{1,32}$", id);
        var records = created["records"]!.AsArray();
        Assert.Equal(2, records.Count);
        Assert.Equal(($"mta-sts.{name}", "CNAME", MtaStsPlatform.PolicyHost), ((string)records[0]!["name"]!, (string)records[0]!["type"]!, (string)records[0]!["value"]!));
        Assert.Equal(($"_mta-sts.{name}", "TXT", $"v=STSv1; id={id}"), ((string)records[1]!["name"]!, (string)records[1]!["type"]!, (string)records[1]!["value"]!));
        Assert.False((bool)records[0]!["published"]!);
        Assert.False((bool)records[1]!["published"]!);

        using var served = await PolicyFileAsync($"mta-sts.{name}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("text/plain", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"version: STSv1\r\nmode: testing\r\nmx: mx1.{name}\r\nmx: *.example.net\r\nmax_age: 604800\r\n", await served.Content.ReadAsStringAsync());

        var again = await PutAsync(tenant, name, new { mode = "testing", mx = new[] { $"mx1.{name}", "*.example.net" }, maxAge = 604800 });
        Assert.Equal(id, (string?)again["id"]);

        var changed = await PutAsync(tenant, name, new { mode = "enforce", mx = new[] { $"mx1.{name}" }, maxAge = 1209600 });
        Assert.NotEqual(id, (string?)changed["id"]);
        Assert.Equal($"v=STSv1; id={changed["id"]}", (string?)changed["records"]![1]!["value"]);
        using var after = await PolicyFileAsync($"mta-sts.{name}");
        Assert.Equal($"version: STSv1\r\nmode: enforce\r\nmx: mx1.{name}\r\nmax_age: 1209600\r\n", await after.Content.ReadAsStringAsync());
        var read = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/mta-sts/policy"))!;
        Assert.Equal((string?)changed["id"], (string?)read["id"]);

        using var deleted = await tenant.DeleteAsync($"/v1/domains/{name}/mta-sts/policy");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await PolicyFileAsync($"mta-sts.{name}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var notHosted = await tenant.GetAsync($"/v1/domains/{name}/mta-sts/policy");
        Assert.Equal(HttpStatusCode.NotFound, notHosted.StatusCode);
        Assert.Equal("urn:tlsrpt-platform:problem:mtasts-policy-not-hosted", (string?)JsonNode.Parse(await notHosted.Content.ReadAsStringAsync())!["type"]);
    }

    [Fact]
    public async Task The_mx_patterns_are_prefilled_from_the_domains_mx_records()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        platform.Dns.AddMx(name, 10, $"mx1.{name}");
        platform.Dns.AddMx(name, 20, $"backup.mail.{name}");
        using var check = await tenant.PostAsync($"/v1/domains/{name}/checks", null);
        check.EnsureSuccessStatusCode();

        using var draft = await tenant.GetAsync($"/v1/domains/{name}/mta-sts/policy");
        var problem = JsonNode.Parse(await draft.Content.ReadAsStringAsync())!;
        var created = await PutAsync(tenant, name, new { mode = "testing" });

        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        Assert.Equal([$"mx1.{name}", $"backup.mail.{name}"], problem["draft"]!["mx"]!.AsArray().Select(m => (string)m!));
        Assert.Equal("testing", (string?)problem["draft"]!["mode"]);
        Assert.Equal([$"mx1.{name}", $"backup.mail.{name}"], created["mx"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(604800, (long)created["maxAge"]!);
    }

    [Fact]
    public async Task Without_mx_records_nothing_is_prefilled()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();

        using var response = await tenant.PutAsJsonAsync($"/v1/domains/{name}/mta-sts/policy", new { mode = "testing" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("$.mx", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["path"]);
    }

    [Theory]
    [InlineData("strict", new[] { "mx.example.com" }, 604800L, "$.mode")]
    [InlineData("testing", new[] { "mx.example.com" }, 3600L, "$.maxAge")]
    [InlineData("testing", new[] { "mx.example.com" }, 31557601L, "$.maxAge")]
    [InlineData("testing", new string[0], 604800L, "$.mx")]
    [InlineData("testing", new[] { "mx.example.com", "*.*.example.com" }, 604800L, "$.mx[1]")]
    [InlineData("testing", new[] { "mx*.example.com" }, 604800L, "$.mx[0]")]
    [InlineData("testing", new[] { "*.com" }, 604800L, "$.mx[0]")]
    [InlineData("testing", new[] { "example.*" }, 604800L, "$.mx[0]")]
    [InlineData("testing", new[] { "mx .example.com" }, 604800L, "$.mx[0]")]
    [InlineData("testing", new[] { "" }, 604800L, "$.mx[0]")]
    public async Task Invalid_policies_are_refused_with_the_path_of_the_problem(string mode, string[] mx, long maxAge, string path)
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();

        using var response = await tenant.PutAsJsonAsync($"/v1/domains/{name}/mta-sts/policy", new { mode, mx, maxAge });
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:tlsrpt-platform:problem:invalid-request", (string?)problem["type"]);
        Assert.Equal(path, (string?)problem["path"]);
        using var served = await PolicyFileAsync($"mta-sts.{name}");
        Assert.Equal(HttpStatusCode.NotFound, served.StatusCode);
    }

    [Fact]
    public async Task Pattern_lists_and_patterns_are_bounded()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        var many = Enumerable.Range(0, 33).Select(i => $"mx{i}.{name}").ToArray();
        var longName = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)) + ".com";

        using var tooMany = await tenant.PutAsJsonAsync($"/v1/domains/{name}/mta-sts/policy", new { mode = "testing", mx = many, maxAge = 604800 });
        using var tooLong = await tenant.PutAsJsonAsync($"/v1/domains/{name}/mta-sts/policy", new { mode = "testing", mx = new[] { longName }, maxAge = 604800 });
        using var justRight = await tenant.PutAsJsonAsync($"/v1/domains/{name}/mta-sts/policy", new { mode = "testing", mx = many[..32], maxAge = 604800 });

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("$.mx", (string?)JsonNode.Parse(await tooMany.Content.ReadAsStringAsync())!["path"]);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, justRight.StatusCode);
    }

    [Fact]
    public async Task Tenants_never_see_or_change_each_others_policies()
    {
        using var owner = await platform.NewTenantAsync();
        using var stranger = await platform.NewTenantAsync();
        var (name, _) = await owner.RegisterDomainAsync();
        var policy = await PutAsync(owner, name, new { mode = "testing", mx = new[] { $"mx.{name}" }, maxAge = 604800 });

        using var get = await stranger.GetAsync($"/v1/domains/{name}/mta-sts/policy");
        using var put = await stranger.PutAsJsonAsync($"/v1/domains/{name}/mta-sts/policy", new { mode = "none", mx = new[] { "evil.example" }, maxAge = 86400 });
        using var delete = await stranger.DeleteAsync($"/v1/domains/{name}/mta-sts/policy");
        using var readiness = await stranger.GetAsync($"/v1/domains/{name}/mta-sts/readiness");
        using var enforce = await stranger.PostAsync($"/v1/domains/{name}/mta-sts/enforce?force=true", null);

        foreach (var response in new[] { get, put, delete, readiness, enforce })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("urn:tlsrpt-platform:problem:domain-not-found", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]);
        }

        var still = JsonNode.Parse(await owner.GetStringAsync($"/v1/domains/{name}/mta-sts/policy"))!;
        Assert.Equal((string?)policy["id"], (string?)still["id"]);
        Assert.Equal("testing", (string?)still["mode"]);
        using var anonymous = new HttpClient { BaseAddress = platform.BaseUrl };
        using var unauthenticated = await anonymous.GetAsync($"/v1/domains/{name}/mta-sts/policy");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task The_records_say_whether_dns_already_shows_them()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        var policy = await PutAsync(tenant, name, new { mode = "testing", mx = new[] { $"mx.{name}" }, maxAge = 604800 });
        platform.Dns.AddCname($"mta-sts.{name}", MtaStsPlatform.PolicyHost + ".");
        platform.Dns.AddTxt($"_mta-sts.{name}", "v=STSv1; id=old1;");

        var stale = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/mta-sts/policy"))!["records"]!.AsArray();
        platform.Dns.Clear($"_mta-sts.{name}");
        platform.Dns.AddTxt($"_mta-sts.{name}", $"v=STSv1; id={policy["id"]}");
        var current = JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}/mta-sts/policy"))!["records"]!.AsArray();

        Assert.True((bool)stale[0]!["published"]!);
        Assert.Equal([MtaStsPlatform.PolicyHost], stale[0]!["observed"]!.AsArray().Select(o => (string)o!));
        Assert.False((bool)stale[1]!["published"]!);
        Assert.Equal(["v=STSv1; id=old1;"], stale[1]!["observed"]!.AsArray().Select(o => (string)o!));
        Assert.True((bool)current[1]!["published"]!);
    }

    [Fact]
    public async Task The_policy_file_answers_only_its_own_host_names_and_never_redirects()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        await PutAsync(tenant, name, new { mode = "enforce", mx = new[] { $"mx.{name}" }, maxAge = 604800 });
        var expected = $"version: STSv1\r\nmode: enforce\r\nmx: mx.{name}\r\nmax_age: 604800\r\n";

        foreach (var host in new[] { $"mta-sts.{name}", $"MTA-STS.{name.ToUpperInvariant()}", $"mta-sts.{name}.", $"mta-sts.{name}:443", $"Mta-Sts.{name}.:8443" })
        {
            using var response = await PolicyFileAsync(host);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{host}: {response.StatusCode}");
            Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        }

        var strangers = new[]
        {
            name, $"www.{name}", $"mta-sts.mta-sts.{name}", $"mta-sts.{name}.evil.example", $"mta-sts.unknown-{Guid.NewGuid():N}.example",
            "mta-sts.", "mta-sts", "127.0.0.1", "[::1]", MtaStsPlatform.PolicyHost, $"xmta-sts.{name}", $"mta-sts.{name}..", $"mta-sts..{name}",
            "mta-sts." + string.Join('.', Enumerable.Repeat(new string('a', 63), 5)), "mta-sts." + new string('a', 5000) + ".example",
            $"mta-sts.{name}%00", $"mta-sts.{name}/x",
        };
        foreach (var host in strangers)
        {
            using var response = await PolicyFileAsync(host);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{host}: {response.StatusCode}");
            Assert.Null(response.Headers.Location);
            Assert.DoesNotContain("STSv1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var noHost = new HttpRequestMessage(HttpMethod.Get, "/.well-known/mta-sts.txt") { Version = HttpVersion.Version10 };
        noHost.Headers.TryAddWithoutValidation("Host", string.Empty);
        using var anonymous = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = platform.BaseUrl };
        using var answer = await anonymous.SendAsync(noHost);
        Assert.True(answer.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"no Host: {answer.StatusCode}");
    }

    [Fact]
    public async Task The_certificate_ask_says_yes_only_for_hosted_policy_hosts()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        var (other, _) = await tenant.RegisterDomainAsync();
        await PutAsync(tenant, name, new { mode = "testing", mx = new[] { $"mx.{name}" }, maxAge = 604800 });
        using var anonymous = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = platform.BaseUrl };

        async Task<HttpStatusCode> AskAsync(string query)
        {
            using var response = await anonymous.GetAsync("/v1/mta-sts/ask" + query);
            Assert.Null(response.Headers.Location);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await AskAsync($"?domain=mta-sts.{name}"));
        Assert.Equal(HttpStatusCode.OK, await AskAsync($"?domain=MTA-STS.{name.ToUpperInvariant()}."));
        Assert.Equal(HttpStatusCode.NotFound, await AskAsync($"?domain={name}"));
        Assert.Equal(HttpStatusCode.NotFound, await AskAsync($"?domain=www.{name}"));
        Assert.Equal(HttpStatusCode.NotFound, await AskAsync($"?domain=mta-sts.{other}"));
        Assert.Equal(HttpStatusCode.NotFound, await AskAsync($"?domain=mta-sts.unknown-{Guid.NewGuid():N}.example"));
        Assert.Equal(HttpStatusCode.NotFound, await AskAsync(string.Empty));
        Assert.Equal(HttpStatusCode.NotFound, await AskAsync("?domain=" + Uri.EscapeDataString("mta-sts." + new string('a', 1000) + ".example")));
        // Kestrel refuses a request line this long itself (414) before any handler runs.
        Assert.NotEqual(HttpStatusCode.OK, await AskAsync("?domain=" + Uri.EscapeDataString("mta-sts." + new string('a', 10000))));
        Assert.Equal(HttpStatusCode.NotFound, await AskAsync("?domain=" + Uri.EscapeDataString($"mta-sts.{name}\0")));
    }

    [Fact]
    public async Task A_policy_role_process_serves_changes_made_elsewhere_within_the_cache_duration()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, _) = await tenant.RegisterDomainAsync();
        await PutAsync(tenant, name, new { mode = "testing", mx = new[] { $"mx.{name}" }, maxAge = 604800 });
        // As production runs it: a process of its own, which starts no silo and reads the store directly.
        var settings = PlatformProcess.Settings(Path.Combine(Path.GetTempPath(), $"tlsrpt-policy-{Guid.NewGuid():N}"), platform.ConnectionString);
        settings["Platform:Role"] = "policy";
        settings["MtaSts:PolicyCacheDuration"] = "00:00:02";
        await using var policyHost = await PlatformProcess.StartAsync(FreePort.Next(), settings);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = policyHost.BaseUrl };

        async Task<string> ServedAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/mta-sts.txt");
            request.Headers.Host = $"mta-sts.{name}";
            using var response = await http.SendAsync(request);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("mode: testing\r\n", await ServedAsync(), StringComparison.Ordinal);
        using var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var api = await http.GetAsync("/v1/domains");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        using var ask = await http.GetAsync($"/v1/mta-sts/ask?domain=mta-sts.{name}");
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);

        await PutAsync(tenant, name, new { mode = "enforce", mx = new[] { $"mx.{name}" }, maxAge = 604800 });
        // Within the cache duration (2 s) plus a margin for a loaded machine; the exact moment is not asserted.
        await Eventually.TrueAsync(async () => (await ServedAsync()).Contains("mode: enforce\r\n", StringComparison.Ordinal), seconds: 15, what: "the change served by the policy role");
        await tenant.DeleteAsync($"/v1/domains/{name}/mta-sts/policy");
        await Eventually.TrueAsync(async () => !(await ServedAsync()).Contains("STSv1", StringComparison.Ordinal), seconds: 15, what: "the deletion seen by the policy role");
        Assert.Equal(0, await policyHost.TerminateAsync(TimeSpan.FromSeconds(30)));
    }

    private async Task<HttpResponseMessage> PolicyFileAsync(string host)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = platform.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/.well-known/mta-sts.txt");
        request.Headers.TryAddWithoutValidation("Host", host);
        return await http.SendAsync(request);
    }

    private static async Task<JsonNode> PutAsync(HttpClient tenant, string name, object body)
    {
        using var response = await tenant.PutAsJsonAsync($"/v1/domains/{name}/mta-sts/policy", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }
}
