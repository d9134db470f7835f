namespace TlsRptPlatform.Dns;

public sealed record MxHost(int Preference, string Host);
