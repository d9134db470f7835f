namespace TlsRptPlatform.Storage.ApiKeys;

/// <summary>
/// What an API key (and a dashboard session signed in with it) may do. Ordered: each scope includes the ones below it,
/// so a route declares the least scope it needs and any higher scope passes.
/// </summary>
public enum ApiScope
{
    /// <summary>Read the tenant's data.</summary>
    Read = 1,

    /// <summary>Change domains, rules, channels, policies, imports and checks.</summary>
    Write = 2,

    /// <summary>Manage API keys and tenant-level settings.</summary>
    Admin = 3,
}
