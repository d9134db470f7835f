using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TlsRptPlatform.Api.Authentication;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Authorization;

/// <summary>The platform with one extra endpoint that, like a route added carelessly, declares no access.</summary>
public sealed class UndeclaredRoutePlatform : PlatformFixture
{
    public const string Path = "/v1/test/undeclared";

    protected override Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    protected override void MapTestEndpoints(WebApplication app)
    {
        app.MapGet(Path, () => TypedResults.Ok("reached")).RequireAuthorization(PlatformClaims.TenantPolicy);
        app.MapGet(Path + "-anonymous", () => TypedResults.Ok("reached")).AllowAnonymous();
    }
}

public sealed class UndeclaredRouteTests(UndeclaredRoutePlatform platform) : IClassFixture<UndeclaredRoutePlatform>
{
    [Fact]
    public async Task A_route_without_an_access_declaration_is_refused_even_to_an_admin_key()
    {
        using var admin = await platform.NewTenantAsync();

        using var response = await admin.GetAsync(UndeclaredRoutePlatform.Path);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("urn:tlsrpt-platform:problem:access-not-declared", (string?)body["type"]);
    }

    [Fact]
    public async Task Allowing_anonymous_access_without_declaring_it_is_refused_too()
    {
        using var response = await platform.Http.GetAsync(UndeclaredRoutePlatform.Path + "-anonymous");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("reached", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
