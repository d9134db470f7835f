namespace TlsRptPlatform.Grains.Alerts;

/// <summary>A delivery attempt failed; the message is what the tenant sees as the alert's last error.</summary>
public sealed class AlertDeliveryException : Exception
{
    public AlertDeliveryException()
    {
    }

    public AlertDeliveryException(string message)
        : base(message)
    {
    }

    public AlertDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
