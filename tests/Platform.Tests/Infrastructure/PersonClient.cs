using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>A person using the API as the dashboard does: a session cookie and the session's CSRF token on every change.</summary>
public sealed class PersonClient : IDisposable
{
    public const string Password = "correct horse battery staple";

    private PersonClient(CookieContainer cookies, Uri baseUrl, string email)
    {
        Cookies = cookies;
        Http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = baseUrl };
        Email = email;
    }

    /// <summary>The browser's cookie jar: the session cookie lives here.</summary>
    public CookieContainer Cookies { get; }

    public HttpClient Http { get; }

    public string Email { get; }

    public JsonNode Session { get; private set; } = null!;

    public static string NewEmail(string who = "person") => $"{who}-{Guid.NewGuid():N}@people.example";

    /// <summary>Signs up (open sign-up), confirms the address from the mail, signs in: the owner of a new tenant.</summary>
    public static async Task<PersonClient> SignUpAsync(PeoplePlatform platform, string? email = null, string tenantName = "People Inc.")
    {
        ArgumentNullException.ThrowIfNull(platform);
        email ??= NewEmail("owner");
        using (var signUp = await platform.Http.PostAsJsonAsync("/v1/account/sign-up", new { email, password = Password, tenantName }))
        {
            Assert.Equal(HttpStatusCode.Accepted, signUp.StatusCode);
        }

        var token = await platform.TokenMailedToAsync(email, "verify-email");
        using (var verify = await platform.Http.PostAsJsonAsync("/v1/account/verify-email", new { token }))
        {
            Assert.Equal(HttpStatusCode.NoContent, verify.StatusCode);
        }

        return await SignInAsync(platform.BaseUrl, email);
    }

    /// <summary>Invites a new address with <paramref name="role"/> through <paramref name="inviter"/>; the invitee accepts with a new account.</summary>
    public static async Task<PersonClient> JoinAsync(PeoplePlatform platform, PersonClient inviter, string role)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(inviter);
        var email = NewEmail(role);
        using (var invited = await inviter.Http.PostAsJsonAsync("/v1/invitations", new { email, role }))
        {
            Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        }

        var token = await platform.TokenMailedToAsync(email, "invitation");
        var person = New(platform.BaseUrl, email);
        using var accepted = await person.Http.PostAsJsonAsync("/v1/invitations/accept", new { token, password = Password });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        person.Adopt(JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!);
        return person;
    }

    public static async Task<PersonClient> SignInAsync(Uri baseUrl, string email, string password = Password, string? code = null)
    {
        var client = New(baseUrl, email);
        using var response = await client.Http.PostAsJsonAsync("/v1/session", new { email, password, code });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in of {email}: {(int)response.StatusCode} {body}");
        client.Adopt(JsonNode.Parse(body)!);
        return client;
    }

    /// <summary>A client with a cookie jar and no session yet.</summary>
    public static PersonClient New(Uri baseUrl, string email) => new(new CookieContainer(), baseUrl, email);

    /// <summary>Takes a session answer (sign-in, switch, invitation accepted): its CSRF token goes on every later request.</summary>
    public void Adopt(JsonNode session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
        Http.DefaultRequestHeaders.Remove("X-CSRF-Token");
        Http.DefaultRequestHeaders.Add("X-CSRF-Token", (string)session["csrfToken"]!);
    }

    public string TenantId => (string)Session["tenantId"]!;

    public void Dispose() => Http.Dispose();
}
