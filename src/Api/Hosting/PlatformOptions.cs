namespace TlsRptPlatform.Api.Hosting;

/// <summary>Configuration section <c>Platform</c>.</summary>
public sealed class PlatformOptions
{
    /// <summary>The externally reachable base URL; report addresses (<c>ruaHttps</c>) are built from it.</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:8080");

    /// <summary>Authorizes tenant creation. When unset, one is generated on first start and only its hash is kept.</summary>
    public string? AdminApiKey { get; set; }

    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// <c>closed</c> (default): people join by invitation only (the first, an operator, by <c>create-operator</c>).
    /// <c>open</c>: anyone may sign up; a new account creates its own tenant and owns it.
    /// </summary>
    public Accounts.SignUpMode SignUp { get; set; } = Accounts.SignUpMode.Closed;
}
