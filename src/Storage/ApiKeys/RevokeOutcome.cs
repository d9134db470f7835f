namespace TlsRptPlatform.Storage.ApiKeys;

public enum RevokeOutcome
{
    Revoked,

    /// <summary>No such key of this tenant (or it was revoked before).</summary>
    NotFound,

    /// <summary>It is the tenant's last usable admin key: revoking it would leave nobody able to manage keys.</summary>
    LastAdminKey,
}
