namespace TlsRptPlatform.Abstractions.Reports;

/// <summary>
/// The DKIM verdict kept with an e-mailed report: <c>pass:&lt;d&gt;</c> (a signature verified; its signing domain),
/// <c>fail:&lt;d&gt;</c> (signed, but no signature verified), <c>temperror:&lt;d&gt;</c> (signed, but its key could not be
/// looked up right now: RFC 6376 §6.1.2 TEMPFAIL) or <c>none</c> (unsigned).
/// </summary>
public static class DkimVerdicts
{
    public const string None = "none";

    public static string Pass(string signingDomain) => "pass:" + signingDomain;

    public static string Fail(string signingDomain) => "fail:" + signingDomain;

    public static string TempError(string signingDomain) => "temperror:" + signingDomain;

    public static bool IsTempError(string? verdict) => verdict?.StartsWith("temperror:", StringComparison.Ordinal) == true;

    public static bool Passed(string? verdict) => verdict?.StartsWith("pass:", StringComparison.Ordinal) == true;
}
