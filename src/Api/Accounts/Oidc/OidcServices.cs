using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TlsRptPlatform.Storage.Accounts;

namespace TlsRptPlatform.Api.Accounts.Oidc;

/// <summary>
/// Sign-in through OpenID Connect providers (<c>Authentication:Oidc:&lt;id&gt;:*</c>) with ASP.NET Core's handler:
/// authorization code flow with PKCE, state and nonce. The handler never signs anyone in itself — when the provider's
/// answer checks out, <see cref="ExternalSignIn"/> starts the platform's own session for the person.
/// </summary>
public static partial class OidcServices
{
    /// <summary>The handler insists on a sign-in scheme; this one is never used, because <see cref="ExternalSignIn"/> answers instead.</summary>
    private const string UnusedSignInScheme = "oidc-unused";

    public static IServiceCollection AddPlatformOidc(this IServiceCollection services, IConfiguration configuration)
    {
        var providers = new OidcProviders(configuration);
        services.AddSingleton(providers);
        services.AddSingleton<ExternalSignIn>();
        services.AddDataProtection().SetApplicationName("TlsRptPlatform");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<DataProtectionKeyStore>())));
        if (providers.All.Count == 0)
        {
            return services;
        }

        var publicBase = configuration.GetValue<Uri>("Platform:PublicBaseUrl") ?? new Uri("http://localhost:8080");
        var authentication = services.AddAuthentication().AddCookie(UnusedSignInScheme);
        foreach (var (id, provider) in providers.All)
        {
            authentication.AddOpenIdConnect(OidcProviders.Scheme(id), provider.DisplayName ?? id, o => Configure(o, id, provider, publicBase));
        }

        return services;
    }

    private static void Configure(OpenIdConnectOptions o, string id, OidcProviderOptions provider, Uri publicBase)
    {
        o.SignInScheme = UnusedSignInScheme;
        o.Authority = provider.Authority;
        o.ClientId = provider.ClientId;
        o.ClientSecret = provider.ClientSecret;
        o.RequireHttpsMetadata = provider.RequireHttpsMetadata;
        o.ResponseType = "code";
        o.UsePkce = true;
        o.CallbackPath = OidcProviders.CallbackPath(id);
        o.MapInboundClaims = false;
        o.GetClaimsFromUserInfoEndpoint = true;
        o.SaveTokens = false;
        o.Scope.Clear();
        foreach (var scope in $"openid {provider.Scopes}".Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal))
        {
            o.Scope.Add(scope);
        }

        o.BackchannelTimeout = TimeSpan.FromSeconds(10);
        if (publicBase.Scheme == Uri.UriSchemeHttp)
        {
            // A laptop or a test over plain HTTP: a Secure cookie would not come back, and a SameSite=None one that is not
            // Secure is dropped by browsers. Over HTTPS the handler's defaults (Secure, SameSite=None) stand.
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
        }

        o.Events = new OpenIdConnectEvents
        {
            // Behind a TLS-terminating ingress the request is plain HTTP to an inner host: the provider must send the
            // browser back to the public address it was registered with.
            OnRedirectToIdentityProvider = context =>
            {
                context.ProtocolMessage.RedirectUri = publicBase.ToString().TrimEnd('/') + OidcProviders.CallbackPath(id);
                return Task.CompletedTask;
            },
            OnAuthorizationCodeReceived = context =>
            {
                context.TokenEndpointRequest!.RedirectUri = publicBase.ToString().TrimEnd('/') + OidcProviders.CallbackPath(id);
                return Task.CompletedTask;
            },
            OnTicketReceived = async context =>
            {
                context.HandleResponse();
                var signIn = context.HttpContext.RequestServices.GetRequiredService<ExternalSignIn>();
                context.Response.Redirect(await signIn.SignInAsync(context.HttpContext, id, context.Principal!, context.HttpContext.RequestAborted));
            },
            OnAccessDenied = context =>
            {
                context.HandleResponse();
                context.Response.Redirect("/#/sign-in?error=oidc-denied");
                return Task.CompletedTask;
            },
            OnRemoteFailure = context =>
            {
                context.HandleResponse();
                LogFailed(context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcServices)), id, context.Failure?.Message);
                context.Response.Redirect("/#/sign-in?error=oidc-failed");
                return Task.CompletedTask;
            },
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenID Connect sign-in through {Provider} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string provider, string? reason);
}
