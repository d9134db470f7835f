namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>Scheduled checks every few seconds, and a first retry after a failed check within a second, so an outage and the recovery are both seen quickly.</summary>
public sealed class ResolverOutagePlatform : PolicyPlatform
{
    protected override bool Scheduled => true;

    protected override async Task<IReadOnlyDictionary<string, string?>> SettingsAsync() =>
        new Dictionary<string, string?>(await base.SettingsAsync())
        {
            ["Dns:FailureBackoff"] = "00:00:01",
            ["Dns:Timeout"] = "00:00:00.500",
            ["Dns:Retries"] = "0",
        };
}
