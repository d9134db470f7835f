namespace TlsRptPlatform.Protocol.Imports;

/// <summary>The upload as a whole cannot be read (a corrupt zip, not an mbox, too many items); items before it stand.</summary>
public sealed class ArchiveFormatException : Exception
{
    public ArchiveFormatException()
    {
    }

    public ArchiveFormatException(string message)
        : base(message)
    {
    }

    public ArchiveFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
