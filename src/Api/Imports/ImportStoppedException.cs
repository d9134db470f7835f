namespace TlsRptPlatform.Api.Imports;

/// <summary>An import cannot go on (its domain went away, the store stayed unavailable); the message says why, for the tenant.</summary>
public sealed class ImportStoppedException : Exception
{
    public ImportStoppedException()
    {
    }

    public ImportStoppedException(string message)
        : base(message)
    {
    }

    public ImportStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
