using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TlsRptPlatform.Platform.Tests.Infrastructure;

namespace TlsRptPlatform.Platform.Tests.Accounts;

/// <summary>What a stranger can do to accounts, attacked: closed sign-up, the per-address limit on sign-in attempts, oversized passwords.</summary>
public sealed class AccountLimitsTests(AccountLimitsPlatform platform) : IClassFixture<AccountLimitsPlatform>
{
    [Fact]
    public async Task Sign_up_is_closed_by_default_and_guessing_from_one_address_is_cut_off()
    {
        using var client = new HttpClient { BaseAddress = platform.BaseUrl };
        using (var signUp = await client.PostAsJsonAsync("/v1/account/sign-up", new { email = PersonClient.NewEmail(), password = PersonClient.Password, tenantName = "Nope" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, signUp.StatusCode);
            Assert.Equal(Problems.Prefix + "sign-up-closed", await Problems.TypeOfAsync(signUp));
        }

        // A megabyte of password is refused by the body limit before anything is hashed; a long one is simply wrong.
        using (var huge = await client.PostAsJsonAsync("/v1/session", new { email = "a@b.example", password = new string('x', 1 << 20) }))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        }

        var refusedAt = 0;
        for (var attempt = 1; attempt <= AccountLimitsPlatform.PerAddressPerMinute + 3 && refusedAt == 0; attempt++)
        {
            using var guess = await client.PostAsJsonAsync("/v1/session", new { email = "victim@people.example", password = new string('y', 300) + attempt });
            if (guess.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refusedAt = attempt;
                Assert.True(guess.Headers.RetryAfter is not null);
            }
            else
            {
                Assert.Equal(Problems.Prefix + "sign-in-failed", await Problems.TypeOfAsync(guess));
            }
        }

        // The oversized request above counted too (the limiter runs before the body is read).
        Assert.InRange(refusedAt, AccountLimitsPlatform.PerAddressPerMinute - 1, AccountLimitsPlatform.PerAddressPerMinute + 1);
        using var reset = await client.PostAsJsonAsync("/v1/account/password-reset", new { email = "victim@people.example" });
        Assert.Equal(HttpStatusCode.TooManyRequests, reset.StatusCode);
    }
}
