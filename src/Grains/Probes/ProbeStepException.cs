namespace TlsRptPlatform.Grains.Probes;

/// <summary>The SMTP dialogue stopped at a step; the message says where and why, for the domain owner.</summary>
public sealed class ProbeStepException : Exception
{
    public ProbeStepException()
    {
    }

    public ProbeStepException(string message)
        : base(message)
    {
    }

    public ProbeStepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
