using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TlsRptPlatform.Platform.Tests.Infrastructure.Oidc;

/// <summary>
/// The token endpoint's client authentication, which degraded mode leaves to the host: the client must be registered
/// and present its secret, in the form body (client_secret_post) or in a Basic header (client_secret_basic; OpenIddict
/// moves that into the request before this runs). That the code was issued to this client, for this redirect_uri and
/// this code_verifier, OpenIddict checks itself from the code's own contents.
/// </summary>
internal sealed class RegisteredClientAtToken(TestOidcDirectory directory) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public OpenIddictServerHandlerDescriptor Descriptor =>
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseSingletonHandler(this)
            // Before the code is looked at, so that an unknown client learns nothing about it.
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateAuthentication.Descriptor.Order - 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = directory.FindClient(context.Request.ClientId);
        var secret = context.Request.ClientSecret;
        if (client is null || secret is null || !TestOidcDirectory.SameSecret(client.ClientSecret, secret))
        {
            context.Reject(Errors.InvalidClient, "The client is unknown or its secret is wrong.");
        }

        return ValueTask.CompletedTask;
    }
}
