using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace TlsRptPlatform.Api.Accounts.Oidc;

/// <summary>The configured OpenID Connect providers, read once at start-up; a provider with a bad id or a missing setting stops the start.</summary>
public sealed partial class OidcProviders
{
    public const string Section = "Authentication:Oidc";
    public const string SchemePrefix = "oidc-";

    public OidcProviders(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var providers = new Dictionary<string, OidcProviderOptions>(StringComparer.Ordinal);
        foreach (var section in configuration.GetSection(Section).GetChildren())
        {
            if (!ValidId().IsMatch(section.Key))
            {
                throw new InvalidOperationException($"{Section}:{section.Key}: a provider id is 1 to 32 lower-case letters, digits or '-'.");
            }

            var options = new OidcProviderOptions();
            section.Bind(options);
            if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out _) || string.IsNullOrEmpty(options.ClientId) || string.IsNullOrEmpty(options.ClientSecret))
            {
                throw new InvalidOperationException($"{Section}:{section.Key} needs Authority (an absolute URL), ClientId and ClientSecret.");
            }

            providers[section.Key] = options;
        }

        All = providers;
    }

    public IReadOnlyDictionary<string, OidcProviderOptions> All { get; }

    public static string Scheme(string id) => SchemePrefix + id;

    public static string StartPath(string id) => $"/v1/auth/oidc/{id}";

    public static string CallbackPath(string id) => $"/v1/auth/oidc/{id}/callback";

    [GeneratedRegex("^[a-z0-9-]{1,32}$")]
    private static partial Regex ValidId();
}
