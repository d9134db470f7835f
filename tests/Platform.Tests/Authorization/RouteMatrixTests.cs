using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Platform.Tests.Keys;

namespace TlsRptPlatform.Platform.Tests.Authorization;

/// <summary>
/// Walks every operation of <c>/openapi/v1.json</c> with every kind of caller of one tenant — a read, a write and an
/// admin key; a viewer, an analyst, an admin and the owner signed in as people — with no credentials, and with another
/// tenant's admin key and owner, and checks each answer against the access the operation declares
/// (<c>x-required-access</c>). A route added without a declaration fails here (and is refused at run time).
/// </summary>
public sealed class RouteMatrixTests(PeoplePlatform platform) : IClassFixture<PeoplePlatform>
{
    private const string ProblemPrefix = "urn:tlsrpt-platform:problem:";

    /// <summary>A handler's own 401/403 after authorization let the request through (a key has no account, a wrong current password …).</summary>
    private static readonly string[] HandlerRefusals = ["not-signed-in", "person-required", "wrong-password", "owner-required"];

    [Fact]
    public async Task Every_operation_declares_its_access_and_the_matrix_holds_for_every_caller()
    {
        var operations = await OperationsAsync();
        using var owner = await PersonClient.SignUpAsync(platform, tenantName: "Owner");
        using var other = await platform.NewTenantAsync("Other");
        using var otherOwner = await PersonClient.SignUpAsync(platform, tenantName: "Other people");
        using var adminKey = await owner.Http.CreateKeyAsync("admin");
        using var read = await owner.Http.CreateKeyAsync("read");
        using var write = await owner.Http.CreateKeyAsync("write");
        using var victim = await owner.Http.CreateKeyAsync("read", "revoked by the walk");
        using var viewer = await PersonClient.JoinAsync(platform, owner, "viewer");
        using var analyst = await PersonClient.JoinAsync(platform, owner, "analyst");
        using var admin = await PersonClient.JoinAsync(platform, owner, "admin");
        Caller[] callers =
        [
            new("a read key", read.Client, "read", Person: false),
            new("a write key", write.Client, "write", Person: false),
            new("an admin key", adminKey.Client, "admin", Person: false),
            new("a viewer", viewer.Http, "read", Person: true),
            new("an analyst", analyst.Http, "analyze", Person: true),
            new("an admin", admin.Http, "admin", Person: true),
            new("the owner", owner.Http, "owner", Person: true),
        ];
        var (domain, token) = await owner.Http.RegisterDomainAsync();
        using var delivered = await platform.Http.PostGzipAsync(token, Reports.WithSessions(domain, "matrix-1", DateOnly.FromDateTime(DateTime.UtcNow), 10, 0));
        var reportId = (long)JsonNode.Parse(await delivered.Content.ReadAsStringAsync())!["id"]!;
        using var channel = await owner.Http.PostAsJsonAsync("/v1/alerts/channels", new { kind = "email", to = "ops@example.com" });
        var channelId = (string)JsonNode.Parse(await channel.Content.ReadAsStringAsync())!["id"]!;
        using var rule = await owner.Http.PostAsJsonAsync($"/v1/domains/{domain}/alert-rules", new { kind = "policy-broken", channels = new[] { channelId } });
        var ruleBody = await rule.Content.ReadAsStringAsync();
        Assert.True(rule.IsSuccessStatusCode, ruleBody);
        var ruleId = (string)JsonNode.Parse(ruleBody)!["id"]!;
        var values = new Dictionary<string, string>
        {
            ["name"] = domain,
            ["token"] = token,
            ["id"] = "unused",
            ["userId"] = "usr_000000000000000000000000",
        };
        var failures = new List<string>();
        // Without a cookie jar: the walk signs in with a key on POST /v1/session, and that must not make later calls signed in.
        using var stranger = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = platform.BaseUrl };

        foreach (var operation in operations)
        {
            var path = Resolve(operation.Path, values, channelId, ruleId, victim.Id, reportId);
            var label = $"{operation.Method} {operation.Path} ({operation.Access})";
            if (operation.Access is null)
            {
                failures.Add($"{label}: no x-required-access declaration");
                continue;
            }

            using (var anonymous = await SendAsync(stranger, operation, path, read.Key))
            {
                var refused = anonymous.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
                if (operation.Access == "anonymous" ? refused : anonymous.StatusCode != HttpStatusCode.Unauthorized)
                {
                    failures.Add($"{label} without credentials: {(int)anonymous.StatusCode}");
                }
            }

            if (operation.Access == "anonymous")
            {
                continue;
            }

            if (operation.Path.Contains('{', StringComparison.Ordinal))
            {
                // Another tenant's admin key and owner may do anything to their own data, and nothing to the owner's.
                foreach (var foreignCaller in new[] { other, otherOwner.Http })
                {
                    using var foreign = await SendAsync(foreignCaller, operation, path, read.Key);
                    if (foreign.IsSuccessStatusCode)
                    {
                        failures.Add($"{label} with another tenant's credentials: {(int)foreign.StatusCode}");
                    }
                }
            }

            foreach (var caller in callers)
            {
                var allowed = Rank(caller.Grant) >= Rank(operation.Access);
                if (caller.Person && allowed && EndsTheWalk(operation))
                {
                    continue; // signing out, leaving, deleting the tenant: each has its own test
                }

                using var answer = await SendAsync(caller.Client, operation, path, read.Key);
                var type = await ProblemTypeAsync(answer);
                var refusedByAuthorization = answer.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                    && !HandlerRefusals.Any(h => type == ProblemPrefix + h);
                var expected = caller.Person ? "insufficient-role" : "insufficient-scope";
                if (allowed && refusedByAuthorization)
                {
                    failures.Add($"{label} with {caller.Name}: refused {(int)answer.StatusCode} {type}");
                }
                else if (!allowed && (answer.StatusCode != HttpStatusCode.Forbidden || (operation.Access != "operator" && type != ProblemPrefix + expected)))
                {
                    failures.Add($"{label} with {caller.Name}: {(int)answer.StatusCode} {type}, expected 403 {expected}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(operations.Count > 60, $"only {operations.Count} operations found in the document");
    }

    private static bool EndsTheWalk(Operation operation) =>
        (operation.Method, operation.Path) is ("DELETE", "/v1/session") or ("POST", "/v1/members/leave") or ("DELETE", "/v1/tenant");

    [Theory]
    [InlineData("GET", "/v1/domains", "read")]
    [InlineData("POST", "/v1/domains", "write")]
    [InlineData("DELETE", "/v1/domains/{name}", "write")]
    [InlineData("POST", "/v1/domains/{name}/checks", "analyze")]
    [InlineData("POST", "/v1/domains/{name}/alert-rules", "analyze")]
    [InlineData("GET", "/v1/members", "read")]
    [InlineData("POST", "/v1/invitations", "admin")]
    [InlineData("DELETE", "/v1/tenant", "owner")]
    [InlineData("GET", "/v1/account", "signedin")]
    [InlineData("POST", "/v1/session", "anonymous")]
    [InlineData("GET", "/v1/api-keys", "admin")]
    [InlineData("POST", "/v1/api-keys", "admin")]
    [InlineData("DELETE", "/v1/api-keys/{id}", "admin")]
    [InlineData("PUT", "/v1/digest", "admin")]
    [InlineData("GET", "/v1/digest", "read")]
    [InlineData("POST", "/v1/tenants", "operator")]
    [InlineData("POST", "/v1/reports/{token}", "anonymous")]
    [InlineData("GET", "/.well-known/mta-sts.txt", "anonymous")]
    [InlineData("GET", "/health/ready", "anonymous")]
    public async Task The_documented_matrix_is_what_the_routes_declare(string method, string path, string access)
    {
        var operations = await OperationsAsync();

        Assert.Equal(access, operations.Single(o => o.Method == method && o.Path == path).Access);
    }

    private async Task<List<Operation>> OperationsAsync()
    {
        var document = JsonNode.Parse(await platform.Http.GetStringAsync("/openapi/v1.json"))!;
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "parameters" or "summary" or "description")
                {
                    continue;
                }

                var contentType = operation!["requestBody"]?["content"]?.AsObject().Select(c => c.Key).FirstOrDefault() ?? "application/json";
                operations.Add(new Operation(method.ToUpperInvariant(), path, (string?)operation["x-required-access"], contentType));
            }
        }

        // Deletions last (nested resources before their parents), so that every other route still finds what it names.
        return [.. operations.OrderBy(o => o.Method == "DELETE").ThenByDescending(o => o.Method == "DELETE" ? o.Path.Length : 0)];
    }

    private static string Resolve(string template, Dictionary<string, string> values, string channelId, string ruleId, string keyId, long reportId)
    {
        var id = template switch
        {
            _ when template.StartsWith("/v1/alerts/channels/", StringComparison.Ordinal) => channelId,
            _ when template.Contains("/alert-rules/", StringComparison.Ordinal) => ruleId,
            _ when template.StartsWith("/v1/api-keys/", StringComparison.Ordinal) => keyId,
            _ when template.Contains("/reports/{id}", StringComparison.Ordinal) => reportId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "imp_000000000000000000000000",
        };
        var path = template.Replace("{id}", id, StringComparison.Ordinal);
        foreach (var (name, value) in values)
        {
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return path;
    }

    /// <param name="signInKey">The body of <c>POST /v1/session</c>: a valid key, so that sign-in answers for the route, not for the body.</param>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Operation operation, string path, string signInKey)
    {
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
        if (operation.Method is "POST" or "PUT" or "PATCH")
        {
            // Otherwise an empty object: enough to get past authorization to validation, never enough to change much.
            var body = path == "/v1/session" ? $$"""{"apiKey":"{{signInKey}}"}""" : "{}";
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(operation.ContentType);
        }

        return await client.SendAsync(request);
    }

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return null;
        }

        return (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["type"];
    }

    private static int Rank(string access) => access switch
    {
        "anonymous" => 0,
        "signedin" => 1,
        "read" => 2,
        "analyze" => 3,
        "write" => 4,
        "admin" => 5,
        "owner" => 6,
        _ => 7, // operator: the platform's admin key or an operator's session, which no tenant caller is
    };

    private sealed record Caller(string Name, HttpClient Client, string Grant, bool Person);

    /// <param name="ContentType">The first media type the operation accepts: routing itself answers 415 to others.</param>
    private sealed record Operation(string Method, string Path, string? Access, string ContentType);
}
