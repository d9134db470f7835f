namespace TlsRptPlatform.Grains.Alerts;

/// <param name="Threshold">The step crossed: the rule's days, 7, 1, or 0 once expired; part of the alert's dedup key.</param>
public sealed record ExpiringCertificate(string Host, string Sha256, DateTimeOffset NotAfter, int DaysLeft, int Threshold);
