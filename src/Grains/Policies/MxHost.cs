namespace TlsRptPlatform.Grains.Policies;

public sealed record MxHost(int Preference, string Host);
