namespace TlsRptPlatform.Storage.Accounts;

/// <summary>A person's role in a tenant, least first: each role can do everything the ones before it can.</summary>
public enum TenantRole
{
    /// <summary>Reads everything, changes nothing.</summary>
    Viewer,

    /// <summary>Reads everything; manages alert rules, runs checks and imports.</summary>
    Analyst,

    /// <summary>Manages domains, alert channels, members and API keys.</summary>
    Admin,

    /// <summary>Everything, including deleting the tenant and giving or taking the owner role.</summary>
    Owner,
}
