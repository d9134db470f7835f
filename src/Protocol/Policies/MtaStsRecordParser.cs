namespace TlsRptPlatform.Protocol.Policies;

/// <summary>RFC 8461 §3.1: the MTA-STS TXT record.</summary>
public static class MtaStsRecordParser
{
    private const string Version = "v=STSv1";
    private const int MaxIdLength = 32;

    public static MtaStsLookup Evaluate(IEnumerable<IReadOnlyList<string>> txtRecords)
    {
        var candidates = TxtRecords.StartingWith(txtRecords, Version);
        if (candidates.Count == 0)
        {
            return new MtaStsLookup(RecordStatus.Missing, null, []);
        }

        if (candidates.Count > 1)
        {
            // §3.1: "If multiple TXT records for _mta-sts are returned by the resolver, records that do not begin
            // with v=STSv1; are discarded. If the number of resulting records is not one ... senders MUST assume
            // the recipient domain does not have an available MTA-STS Policy."
            return new MtaStsLookup(RecordStatus.Invalid, null, [$"{candidates.Count} TXT records start with {Version}; senders then ignore MTA-STS."]);
        }

        return TryParse(candidates[0], out var record, out var problem)
            ? new MtaStsLookup(RecordStatus.Valid, record, [])
            : new MtaStsLookup(RecordStatus.Invalid, null, [problem]);
    }

    public static bool TryParse(string text, out MtaStsRecord? record, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        record = null;
        var fields = text.Split(';').Select(f => f.Trim(' ', '\t')).Where(f => f.Length > 0).ToList();
        if (fields.Count == 0 || fields[0] != Version)
        {
            problem = $"The record must start with '{Version}'.";
            return false;
        }

        string? id = null;
        foreach (var field in fields.Skip(1))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problem = $"'{field}' is not a name=value field.";
                return false;
            }

            if (field[..equals] == "id")
            {
                id = field[(equals + 1)..];
            }
        }

        if (id is null)
        {
            problem = "The record has no id field.";
            return false;
        }

        if (id.Length is 0 or > MaxIdLength || !id.All(char.IsAsciiLetterOrDigit))
        {
            problem = $"The id '{id}' must be 1–{MaxIdLength} letters and digits.";
            return false;
        }

        record = new MtaStsRecord(id, text);
        problem = string.Empty;
        return true;
    }
}
