namespace TlsRptPlatform.Storage.Accounts;

/// <summary>What became of a change to a membership.</summary>
public enum MembershipChange
{
    Done,
    NotFound,

    /// <summary>Refused: the tenant would be left without an owner.</summary>
    LastOwner,
}
