using System.Net;
using System.Text;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Abuse;

/// <summary>
/// Red-team finding: values echoed into a refusal are cut to a length; a cut that falls between the two halves of a
/// surrogate pair (an emoji) leaves a lone surrogate, which PostgreSQL's strict UTF-8 encoder refuses. The refusal must
/// still be 422 (and recorded), not a 500 on HTTPS and a 451 that makes the sender retry forever over SMTP.
/// </summary>
public abstract class SurrogateEchoAbuseTests(PlatformFixture platform)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task A_refusal_whose_echoed_value_is_cut_inside_an_emoji_is_still_422()
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var json = Encoding.UTF8.GetString(Reports.WithSessions(name, "surrogate", Today, 1, 0));
        var start = $"{Today:yyyy-MM-dd}T00:00:00Z";
        // The reader echoes the first 64 characters of a bad date-time: the 64th is the first half of the emoji.
        var bad = json.Replace(start, new string('a', 63) + "\U0001F600" + "b", StringComparison.Ordinal);

        using var response = await platform.Http.PostJsonAsync(token, Encoding.UTF8.GetBytes(bad));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Theory]
    [InlineData("organization-name")]
    [InlineData("report-id")]
    public async Task A_lone_surrogate_escaped_in_the_json_is_refused_or_stored_never_500(string field)
    {
        using var tenant = await platform.NewTenantAsync();
        var (name, token) = await tenant.RegisterDomainAsync();
        var report = System.Text.Json.Nodes.JsonNode.Parse(Reports.WithSessions(name, "lone-" + field, Today, 1, 0))!;
        var json = report.ToJsonString();
        var value = (string)report[field]!;
        var bad = json.Replace($"\"{field}\":\"{value}\"", $"\"{field}\":\"x\\ud83d{value}\"", StringComparison.Ordinal);
        Assert.NotEqual(json, bad);

        using var response = await platform.Http.PostJsonAsync(token, Encoding.UTF8.GetBytes(bad));

        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

public sealed class SqliteSurrogateEchoAbuseTests(SqlitePlatform platform) : SurrogateEchoAbuseTests(platform), IClassFixture<SqlitePlatform>;

public sealed class PostgresSurrogateEchoAbuseTests(PostgresPlatform platform) : SurrogateEchoAbuseTests(platform), IClassFixture<PostgresPlatform>;
