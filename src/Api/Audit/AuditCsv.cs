using System.Globalization;
using System.Text;

namespace TlsRptPlatform.Api.Audit;

/// <summary>The audit log as CSV (RFC 4180), safe to open in a spreadsheet.</summary>
internal static class AuditCsv
{
    public const string MediaType = "text/csv";

    public static string Write(IEnumerable<AuditEntryResponse> entries)
    {
        var csv = new StringBuilder("id,at,actorKind,keyId,keyName,address,action,target,status\r\n");
        foreach (var e in entries)
        {
            csv.AppendJoin(',', [
                Cell(e.Id), Cell(e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)), Cell(e.ActorKind),
                Cell(e.KeyId), Cell(e.KeyName), Cell(e.Address), Cell(e.Action), Cell(e.Target), e.Status.ToString(CultureInfo.InvariantCulture),
            ]).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>
    /// Quotes every text cell, and prefixes <c>'</c> to one starting with <c>= + - @</c>, tab or CR: key names are
    /// chosen by tenants' users, and a spreadsheet must not run one as a formula (as the dashboard's exports do).
    /// </summary>
    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var text = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
