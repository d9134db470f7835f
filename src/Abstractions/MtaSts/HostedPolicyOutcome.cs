namespace TlsRptPlatform.Abstractions.MtaSts;

public enum HostedPolicyOutcome
{
    /// <summary>The policy is returned (read, saved or switched).</summary>
    Ok,

    /// <summary>Deleted; no policy is served any more.</summary>
    Deleted,

    /// <summary>Not one of the tenant's domains.</summary>
    DomainNotFound,

    /// <summary>The domain has no hosted policy; <see cref="HostedPolicyResult.Draft"/> suggests one.</summary>
    NotHosted,

    /// <summary>No mx patterns were given and the last DNS check saw no MX hosts to fill them from.</summary>
    NoMxToPrefill,

    /// <summary>The switch to enforce was refused: the readiness checks do not all pass.</summary>
    NotReady,
}
