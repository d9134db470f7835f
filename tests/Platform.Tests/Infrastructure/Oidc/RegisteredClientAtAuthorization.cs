using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

/// <summary>
/// The authorization endpoint's client check. OpenIddict's degraded mode switches off its own checks that need an
/// application store, so this handler does what they would: the client_id must be registered and the redirect_uri
/// must be exactly the registered one. A request refused here is answered on the provider's own page, never by a
/// redirect to the URI the request named (OpenIddict only redirects after validation succeeded).
/// </summary>
internal sealed class RegisteredClientAtAuthorization(TestOidcDirectory directory) : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public OpenIddictServerHandlerDescriptor Descriptor =>
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler(this)
            // The slot of the store-based check that degraded mode disables: after the parameters are known to be
            // well-formed, before scopes and PKCE are looked at.
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateClientRedirectUri.Descriptor.Order)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = directory.FindClient(context.ClientId);
        if (client is null)
        {
            context.Reject(Errors.InvalidClient, "The client_id is not registered at this provider.");
            return ValueTask.CompletedTask;
        }

        var registered = client.RedirectUri.AbsoluteUri;
        if (string.IsNullOrEmpty(context.RedirectUri))
        {
            // Plain OAuth may leave redirect_uri out (OpenID Connect may not: OpenIddict refuses that earlier).
            context.SetRedirectUri(registered);
        }
        else if (!string.Equals(context.RedirectUri, registered, StringComparison.Ordinal))
        {
            context.Reject(Errors.InvalidRequest, "The redirect_uri is not the one registered for this client.");
        }

        return ValueTask.CompletedTask;
    }
}
