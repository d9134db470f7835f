using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Grains.Policies;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Policies;

public class PolicyScheduleTests(ScheduledPolicyPlatform platform) : IClassFixture<ScheduledPolicyPlatform>
{
    [Fact]
    public async Task A_new_domain_is_checked_and_verified_without_being_asked()
    {
        using var tenant = await platform.NewTenantAsync();
        var name = $"s{Guid.NewGuid():N}.test";
        using var registered = await tenant.PostAsJsonAsync("/v1/domains", new { name });
        var record = (string)JsonNode.Parse(await registered.Content.ReadAsStringAsync())!["tlsRptRecord"]!;
        platform.Dns.AddTxt($"_smtp._tls.{name}", record);

        JsonNode? policy = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (policy is null && DateTime.UtcNow < deadline)
        {
            using var response = await tenant.GetAsync($"/v1/domains/{name}/policy");
            policy = response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
            await Task.Delay(200);
        }

        Assert.NotNull(policy);
        Assert.Equal("valid", (string?)policy["tlsRpt"]!["status"]);
        Assert.True((bool)JsonNode.Parse(await tenant.GetStringAsync($"/v1/domains/{name}"))!["verified"]!);
    }

    [Theory]
    [InlineData(0, 6 * 60, 0.9, 1.1)]
    [InlineData(1, 5, 0.9, 1.1)]
    [InlineData(3, 20, 0.9, 1.1)]
    [InlineData(30, 6 * 60, 0.9, 1.1)]
    public void Rechecks_are_jittered_and_failures_back_off_exponentially(int failures, int expectedMinutes, double low, double high)
    {
        var options = new PolicyScheduleOptions { RecheckInterval = TimeSpan.FromHours(6), FailureBackoff = TimeSpan.FromMinutes(5) };
        var random = new Random(failures);

        var delays = Enumerable.Range(0, 50).Select(_ => options.NextDelay(failures, random).TotalMinutes).ToList();

        Assert.All(delays, d => Assert.InRange(d, expectedMinutes * low, expectedMinutes * high));
        Assert.True(delays.Distinct().Count() > 1, "delays are jittered");
    }
}
