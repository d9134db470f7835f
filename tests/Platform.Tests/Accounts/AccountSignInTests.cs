using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TlsRptPlatform.Platform.Tests.Infrastructure;
using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Platform.Tests.Accounts;

/// <summary>Sign-up, confirming the address, signing in, lockout, password reset and change, against PostgreSQL and a real SMTP server.</summary>
public sealed class AccountSignInTests(PeoplePlatform platform) : IClassFixture<PeoplePlatform>
{
    [Fact]
    public async Task A_new_person_signs_up_confirms_the_address_and_owns_a_tenant_they_can_use()
    {
        var email = PersonClient.NewEmail("founder");
        using (var signUp = await platform.Http.PostAsJsonAsync("/v1/account/sign-up", new { email = email.ToUpperInvariant(), password = PersonClient.Password, tenantName = "Founders" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, signUp.StatusCode);
        }

        // Not confirmed yet: the right password is not enough.
        using (var early = PersonClient.New(platform.BaseUrl, email))
        using (var refused = await early.Http.PostAsJsonAsync("/v1/session", new { email, password = PersonClient.Password }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(Problems.Prefix + "email-not-verified", await Problems.TypeOfAsync(refused));
        }

        var token = await platform.TokenMailedToAsync(email, "verify-email");
        var mail = Assert.Single(platform.MailTo(email));
        Assert.Contains($"{platform.BaseUrl}#/verify-email?token=", mail.HtmlBody, StringComparison.Ordinal);
        using (var verify = await platform.Http.PostAsJsonAsync("/v1/account/verify-email", new { token }))
        {
            Assert.Equal(HttpStatusCode.NoContent, verify.StatusCode);
        }

        using (var again = await platform.Http.PostAsJsonAsync("/v1/account/verify-email", new { token }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        }

        using var person = await PersonClient.SignInAsync(platform.BaseUrl, email);
        Assert.Equal("owner", (string?)person.Session["role"]);
        Assert.Equal("owner", (string?)person.Session["access"]);
        Assert.Equal("Founders", (string?)person.Session["tenantName"]);
        Assert.Equal(email, (string?)person.Session["user"]!["email"]);
        var (domain, _) = await person.Http.RegisterDomainAsync();
        var listed = JsonNode.Parse(await person.Http.GetStringAsync("/v1/domains"))!.AsArray();
        Assert.Contains(listed, d => (string?)d!["name"] == domain);

        // Without the CSRF token the cookie alone changes nothing.
        using var bare = new HttpClient(new SocketsHttpHandler { CookieContainer = person.Cookies }) { BaseAddress = platform.BaseUrl };
        using (var forged = await bare.PostAsJsonAsync("/v1/domains", new { name = $"t{Guid.NewGuid():N}.example" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        // A second sign-up with the same address answers the same, creates nothing and mails nothing.
        using (var duplicate = await platform.Http.PostAsJsonAsync("/v1/account/sign-up", new { email, password = "another password 123", tenantName = "Squatters" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, duplicate.StatusCode);
        }

        await Task.Delay(500);
        Assert.Single(platform.MailTo(email));
        var account = JsonNode.Parse(await person.Http.GetStringAsync("/v1/account"))!;
        Assert.Single(account["tenants"]!.AsArray());
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_and_a_password_reset_opens_it_and_ends_every_session()
    {
        using var owner = await PersonClient.SignUpAsync(platform);
        using var otherBrowser = await PersonClient.SignInAsync(platform.BaseUrl, owner.Email);
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await platform.Http.PostAsJsonAsync("/v1/session", new { email = owner.Email, password = $"wrong password {i}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(Problems.Prefix + "sign-in-failed", await Problems.TypeOfAsync(wrong));
        }

        using (var fifth = await platform.Http.PostAsJsonAsync("/v1/session", new { email = owner.Email, password = "wrong password 5" }))
        {
            Assert.Equal(Problems.Prefix + "account-locked", await Problems.TypeOfAsync(fifth));
        }

        using (var right = await platform.Http.PostAsJsonAsync("/v1/session", new { email = owner.Email, password = PersonClient.Password }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
            Assert.Equal(Problems.Prefix + "account-locked", await Problems.TypeOfAsync(right));
        }

        // An unknown address gets the same answer as a wrong password, and no mail goes anywhere for it.
        var stranger = PersonClient.NewEmail("stranger");
        using (var unknown = await platform.Http.PostAsJsonAsync("/v1/session", new { email = stranger, password = PersonClient.Password }))
        {
            Assert.Equal(Problems.Prefix + "sign-in-failed", await Problems.TypeOfAsync(unknown));
        }

        using (var resetUnknown = await platform.Http.PostAsJsonAsync("/v1/account/password-reset", new { email = stranger }))
        {
            Assert.Equal(HttpStatusCode.Accepted, resetUnknown.StatusCode);
        }

        using (var reset = await platform.Http.PostAsJsonAsync("/v1/account/password-reset", new { email = owner.Email }))
        {
            Assert.Equal(HttpStatusCode.Accepted, reset.StatusCode);
        }

        var token = await platform.TokenMailedToAsync(owner.Email, "reset-password");
        using (var weak = await platform.Http.PostAsJsonAsync("/v1/account/password-reset/confirm", new { token, password = "short" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        }

        const string newPassword = "a brand new passphrase";
        using (var confirm = await platform.Http.PostAsJsonAsync("/v1/account/password-reset/confirm", new { token, password = newPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        }

        using (var replay = await platform.Http.PostAsJsonAsync("/v1/account/password-reset/confirm", new { token, password = "yet another passphrase" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        }

        Assert.Empty(platform.MailTo(stranger));
        // Both sessions started with the old password have ended.
        using (var ended = await owner.Http.GetAsync("/v1/domains"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        }

        using (var endedToo = await otherBrowser.Http.GetAsync("/v1/session"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, endedToo.StatusCode);
        }

        using var back = await PersonClient.SignInAsync(platform.BaseUrl, owner.Email, newPassword);
        using var mine = await back.Http.GetAsync("/v1/domains");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_this_one()
    {
        using var owner = await PersonClient.SignUpAsync(platform);
        using var elsewhere = await PersonClient.SignInAsync(platform.BaseUrl, owner.Email);
        using (var wrongCurrent = await owner.Http.PutAsJsonAsync("/v1/account/password", new { currentPassword = "not it at all", newPassword = "the next passphrase" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrongCurrent.StatusCode);
        }

        using (var changed = await owner.Http.PutAsJsonAsync("/v1/account/password", new { currentPassword = PersonClient.Password, newPassword = "the next passphrase" }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            owner.Adopt(JsonNode.Parse(await changed.Content.ReadAsStringAsync())!);
        }

        using (var still = await owner.Http.GetAsync("/v1/account"))
        {
            Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        }

        using (var gone = await elsewhere.Http.GetAsync("/v1/account"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, gone.StatusCode);
        }

        using var old = await platform.Http.PostAsJsonAsync("/v1/session", new { email = owner.Email, password = PersonClient.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }

    [Fact]
    public async Task A_person_whose_only_tenant_is_suspended_cannot_sign_in_and_a_mailbox_gets_one_reset_mail_a_minute()
    {
        using var owner = await PersonClient.SignUpAsync(platform);
        using var admin = new HttpClient { BaseAddress = platform.BaseUrl };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PlatformFixture.AdminKey);
        using (var suspend = await admin.PostAsync($"/v1/admin/tenants/{owner.TenantId}/suspend", null))
        {
            Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        }

        using (var refused = await owner.Http.GetAsync("/v1/domains"))
        {
            Assert.Equal(Problems.Prefix + "tenant-suspended", await Problems.TypeOfAsync(refused));
        }

        using (var signIn = await platform.Http.PostAsJsonAsync("/v1/session", new { email = owner.Email, password = PersonClient.Password }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
            Assert.Equal(Problems.Prefix + "tenant-suspended", await Problems.TypeOfAsync(signIn));
        }

        for (var i = 0; i < 3; i++)
        {
            using var reset = await platform.Http.PostAsJsonAsync("/v1/account/password-reset", new { email = owner.Email });
            Assert.Equal(HttpStatusCode.Accepted, reset.StatusCode);
        }

        await platform.TokenMailedToAsync(owner.Email, "reset-password");
        await Task.Delay(500);
        Assert.Single(platform.MailTo(owner.Email), m => m.Subject == "Reset your password");
    }

    [Fact]
    public async Task Hostile_input_to_the_anonymous_account_routes_gets_clear_refusals_and_does_not_slow_anyone_else()
    {
        using var owner = await PersonClient.SignUpAsync(platform);
        var padded = new string('A', 60_000);
        (string Path, object Body, HttpStatusCode Expected)[] attacks =
        [
            ("/v1/account/verify-email", new { token = padded }, HttpStatusCode.BadRequest),
            ("/v1/account/verify-email", new { token = " \u0000" + new string('=', 200) }, HttpStatusCode.BadRequest),
            ("/v1/account/password-reset/confirm", new { token = padded, password = PersonClient.Password }, HttpStatusCode.BadRequest),
            ("/v1/invitations/preview", new { token = padded }, HttpStatusCode.BadRequest),
            ("/v1/invitations/accept", new { token = padded, password = PersonClient.Password }, HttpStatusCode.BadRequest),
            ("/v1/account/sign-up", new { email = "a@b.example", password = PersonClient.Password, tenantName = new string('x', 10_000) }, HttpStatusCode.BadRequest),
            ("/v1/account/sign-up", new { email = new string('a', 300) + "@b.example", password = PersonClient.Password, tenantName = "x" }, HttpStatusCode.BadRequest),
            ("/v1/account/sign-up", new { email = "a@b.example", password = new string('p', 5_000), tenantName = "x" }, HttpStatusCode.BadRequest),
            ("/v1/session", new { email = owner.Email, password = new string('p', 50_000) }, HttpStatusCode.Unauthorized),
            ("/v1/account/password-reset", new { email = new string('e', 60_000) }, HttpStatusCode.Accepted),
        ];
        foreach (var (path, body, expected) in attacks)
        {
            using var answer = await platform.Http.PostAsJsonAsync(path, body);
            Assert.True(answer.StatusCode == expected, $"{path}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }

        // A megabyte of JSON is refused by the body limit before anything reads it; an unknown provider id of any length is 404.
        using (var huge = await platform.Http.PostAsync("/v1/account/sign-up", new StringContent($"{{\"email\":\"{new string('a', 1 << 20)}\"}}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        }

        using (var provider = await platform.Http.GetAsync("/v1/auth/oidc/" + new string('z', 2_000)))
        {
            Assert.Equal(HttpStatusCode.NotFound, provider.StatusCode);
        }

        // Fifty guesses at one account at once lock it, and nobody else: another person signs in meanwhile.
        using var bystander = await PersonClient.SignUpAsync(platform);
        var guesses = Enumerable.Range(0, 50).Select(async i =>
        {
            using var guess = await platform.Http.PostAsJsonAsync("/v1/session", new { email = owner.Email, password = $"guess number {i:D4}" });
            return guess.StatusCode;
        }).ToList();
        using var signedIn = await PersonClient.SignInAsync(platform.BaseUrl, bystander.Email);
        Assert.All(await Task.WhenAll(guesses), status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        using var locked = await platform.Http.PostAsJsonAsync("/v1/session", new { email = owner.Email, password = PersonClient.Password });
        Assert.Equal(Problems.Prefix + "account-locked", await Problems.TypeOfAsync(locked));
    }

    [Theory]
    [InlineData("person@example.com", true)]
    [InlineData("first.last+tag@sub.example.co.uk", true)]
    [InlineData("o'brien@example.ie", true)]
    [InlineData("no-at-sign.example.com", false)]
    [InlineData("two@@example.com", false)]
    [InlineData("\"quoted\"@example.com", false)]
    [InlineData("comment(x)@example.com", false)]
    [InlineData("person@[127.0.0.1]", false)]
    [InlineData("person@localhost", false)]
    [InlineData("dot.@example.com", false)]
    [InlineData("new\nline@example.com", false)]
    [InlineData("person@-bad-.example", false)]
    public void Only_plain_addresses_are_taken(string email, bool plausible) =>
        Assert.Equal(plausible, TlsRptPlatform.Storage.Accounts.Emails.IsPlausible(email));

    [Fact]
    public async Task Passwords_tokens_and_sessions_are_stored_only_as_hashes()
    {
        using var owner = await PersonClient.SignUpAsync(platform);
        using var reset = await platform.Http.PostAsJsonAsync("/v1/account/password-reset", new { email = owner.Email });
        var token = await platform.TokenMailedToAsync(owner.Email, "reset-password");
        var cookie = owner.Cookies.GetCookies(platform.BaseUrl)["tlsrpt_session"]!.Value;

        await using var connection = new NpgsqlConnection(platform.Services.GetRequiredService<PlatformDatabase>().ConnectionString);
        await connection.OpenAsync();
        var dump = new System.Text.StringBuilder();
        foreach (var table in new[] { "users", "user_tokens", "user_sessions" })
        {
            await using var command = new NpgsqlCommand($"SELECT * FROM {table}", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    dump.Append(reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }
            }
        }

        var stored = dump.ToString();
        Assert.DoesNotContain(PersonClient.Password, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(cookie, stored, StringComparison.Ordinal);
        // ASP.NET Core Identity's version-3 format (PBKDF2 with a salt), base64: it starts with 0x01 → "AQAAAA".
        Assert.Contains("|AQAAAA", stored, StringComparison.Ordinal);
    }
}
