using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>A person using the API as the dashboard does: a session cookie and the session's CSRF token on every change.</summary>
public sealed class PersonClient : IDisposable
{
    public const string Password = "correct horse battery staple";

    private PersonClient(HttpClient http, string email)
    {
        Http = http;
        Email = email;
    }

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

    public static async Task<PersonClient> SignInAsync(Uri baseUrl, string email, string password = Password, string? code = null)
    {
        var client = New(baseUrl, email);
        using var response = await client.Http.PostAsJsonAsync("/v1/session", new { email, password, code });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"sign-in of {email}: {(int)response.StatusCode} {body}");
        client.Adopt(JsonNode.Parse(body)!);
        return client;
    }

    /// <summary>A client that keeps the session cookie, and no session yet.</summary>
    /// <remarks>
    /// The platform marks the cookie Secure because its public address is https://, and a <see cref="CookieContainer"/>
    /// never sends a Secure cookie over the tests' plain http (a browser does, to 127.0.0.1): so the cookie is kept by hand.
    /// </remarks>
    public static PersonClient New(Uri baseUrl, string email) =>
        new(new HttpClient(new SessionCookieHandler { InnerHandler = new SocketsHttpHandler { UseCookies = false } }) { BaseAddress = baseUrl }, email);

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

/// <summary>Sends the last <c>tlsrpt_session</c> cookie the platform set, whatever its Secure flag; forgets it when the platform clears it.</summary>
internal sealed class SessionCookieHandler : DelegatingHandler
{
    private const string Name = "tlsrpt_session";
    private string? value;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (value is not null)
        {
            request.Headers.Remove("Cookie");
            request.Headers.Add("Cookie", $"{Name}={value}");
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var cookie in cookies.Where(c => c.StartsWith(Name + "=", StringComparison.Ordinal)))
            {
                var set = cookie[(Name.Length + 1)..].Split(';')[0];
                var expired = set.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
                value = expired ? null : set;
            }
        }

        return response;
    }
}
