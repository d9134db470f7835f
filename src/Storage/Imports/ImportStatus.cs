namespace TlsRptPlatform.Storage.Imports;

/// <summary>Where an import job is; the wire names are these in lower case.</summary>
public enum ImportStatus
{
    /// <summary>Uploaded, waiting for a worker.</summary>
    Queued,

    Running,

    /// <summary>Every item was read; some may have been refused (see the counts).</summary>
    Completed,

    /// <summary>The archive could not be read on, or the domain went away; items before that stand.</summary>
    Failed,

    /// <summary>The process holding the upload stopped before finishing; what it imported stands, uploading again is safe.</summary>
    Interrupted,
}
