namespace TlsRptPlatform.Protocol.Policies;

/// <summary>What a DNS policy lookup found.</summary>
public enum RecordStatus
{
    /// <summary>Exactly one record of the kind, and it parses.</summary>
    Valid,

    /// <summary>Several records of the kind, or one that does not parse: senders treat the domain as having none.</summary>
    Invalid,

    /// <summary>No record of the kind at the name.</summary>
    Missing,
}
