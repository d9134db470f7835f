using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OtpNet;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Accounts;

/// <summary>TOTP as a second factor, its recovery codes, and a tenant that requires it (on SQLite, the embedded store).</summary>
public sealed class SecondFactorTests(SqlitePeoplePlatform platform) : IClassFixture<SqlitePeoplePlatform>
{
    [Fact]
    public async Task With_totp_on_signing_in_needs_a_fresh_code_and_each_recovery_code_works_once()
    {
        using var owner = await PersonClient.SignUpAsync(platform);
        var (totp, recoveryCodes) = await EnrolAsync(owner);
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Equal(10, recoveryCodes.Distinct().Count());

        using (var noCode = await platform.Http.PostAsJsonAsync("/v1/session", new { email = owner.Email, password = PersonClient.Password }))
        {
            Assert.Equal(Problems.Prefix + "second-factor-required", await Problems.TypeOfAsync(noCode));
        }

        using (var wrongCode = await platform.Http.PostAsJsonAsync("/v1/session", new { email = owner.Email, password = PersonClient.Password, code = WrongCode(totp) }))
        {
            Assert.Equal(Problems.Prefix + "second-factor-failed", await Problems.TypeOfAsync(wrongCode));
        }

        // Each 30-second step's code works once: the enrolment used this step's, so wait for the next.
        var code = await NextStepCodeAsync(totp);
        using (var signedIn = await PersonClient.SignInAsync(platform.BaseUrl, owner.Email, code: code))
        {
            Assert.True((bool)signedIn.Session["user"]!["totpEnabled"]!);
        }

        using (var replay = await platform.Http.PostAsJsonAsync("/v1/session", new { email = owner.Email, password = PersonClient.Password, code }))
        {
            Assert.Equal(Problems.Prefix + "second-factor-failed", await Problems.TypeOfAsync(replay));
        }

        using (var recovered = await PersonClient.SignInAsync(platform.BaseUrl, owner.Email, code: recoveryCodes[3].ToUpperInvariant()))
        {
            var account = JsonNode.Parse(await recovered.Http.GetStringAsync("/v1/account"))!;
            Assert.Equal(9, (int)account["recoveryCodesLeft"]!);
        }

        using var reused = await platform.Http.PostAsJsonAsync("/v1/session", new { email = owner.Email, password = PersonClient.Password, code = recoveryCodes[3] });
        Assert.Equal(Problems.Prefix + "second-factor-failed", await Problems.TypeOfAsync(reused));
    }

    [Fact]
    public async Task A_tenant_that_requires_a_second_factor_shows_a_member_without_one_nothing_until_they_add_it()
    {
        using var owner = await PersonClient.SignUpAsync(platform);
        var (domain, _) = await owner.Http.RegisterDomainAsync();
        using (var required = await owner.Http.PutAsJsonAsync("/v1/tenant/security", new { requireSecondFactor = true }))
        {
            Assert.Equal(HttpStatusCode.OK, required.StatusCode);
            Assert.True((bool)JsonNode.Parse(await required.Content.ReadAsStringAsync())!["requireSecondFactor"]!);
        }

        using (var refused = await owner.Http.GetAsync("/v1/domains"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(Problems.Prefix + "second-factor-setup-required", await Problems.TypeOfAsync(refused));
        }

        await EnrolAsync(owner);
        using var allowed = await owner.Http.GetAsync($"/v1/domains/{domain}");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    /// <summary>Starts TOTP, answers with the app's code, and returns the generator with the recovery codes.</summary>
    private static async Task<(Totp Totp, List<string> RecoveryCodes)> EnrolAsync(PersonClient person)
    {
        var enrolment = JsonNode.Parse(await (await person.Http.PostAsync("/v1/account/totp", null)).Content.ReadAsStringAsync())!;
        var secret = (string)enrolment["secret"]!;
        Assert.StartsWith("otpauth://totp/TlsRptPlatform%3A", (string)enrolment["otpauthUri"]!, StringComparison.Ordinal);
        var totp = new Totp(Base32Encoding.ToBytes(secret));
        using (var wrong = await person.Http.PostAsJsonAsync("/v1/account/totp/confirm", new { code = WrongCode(totp) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using var confirmed = await person.Http.PostAsJsonAsync("/v1/account/totp/confirm", new { code = totp.ComputeTotp(DateTime.UtcNow) });
        var body = await confirmed.Content.ReadAsStringAsync();
        Assert.True(confirmed.StatusCode == HttpStatusCode.OK, body);
        return (totp, [.. JsonNode.Parse(body)!["recoveryCodes"]!.AsArray().Select(c => (string)c!)]);
    }

    private static async Task<string> NextStepCodeAsync(Totp totp)
    {
        await Task.Delay(TimeSpan.FromSeconds(totp.RemainingSeconds(DateTime.UtcNow) + 1));
        return totp.ComputeTotp(DateTime.UtcNow);
    }

    /// <summary>A six-digit code that is none of the codes accepted now (the previous, current and next steps).</summary>
    private static string WrongCode(Totp totp)
    {
        var now = DateTime.UtcNow;
        var valid = new[] { now.AddSeconds(-30), now, now.AddSeconds(30) }.Select(t => totp.ComputeTotp(t)).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => $"{i}{i}{i}{i}{i}{i}").First(c => !valid.Contains(c));
    }
}
