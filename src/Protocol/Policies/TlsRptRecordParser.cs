namespace TlsRptPlatform.Protocol.Policies;

/// <summary>RFC 8460 §3: the TLS-RPT DNS record.</summary>
public static class TlsRptRecordParser
{
    private const string Version = "v=TLSRPTv1";

    /// <summary>
    /// Applies RFC 8460 §3 to all TXT records at <c>_smtp._tls.&lt;domain&gt;</c>, each given as its strings in order
    /// (a TXT record of several strings is read as their concatenation, with no separator).
    /// </summary>
    public static TlsRptLookup Evaluate(IEnumerable<IReadOnlyList<string>> txtRecords)
    {
        var candidates = TxtRecords.StartingWith(txtRecords, Version);
        if (candidates.Count == 0)
        {
            return new TlsRptLookup(RecordStatus.Missing, null, []);
        }

        if (candidates.Count > 1)
        {
            return new TlsRptLookup(RecordStatus.Invalid, null,
                [$"{candidates.Count} TXT records start with {Version}; with more than one, senders must not report."]);
        }

        return TryParse(candidates[0], out var record, out var problem)
            ? new TlsRptLookup(RecordStatus.Valid, record, [])
            : new TlsRptLookup(RecordStatus.Invalid, null, [problem]);
    }

    public static bool TryParse(string text, out TlsRptRecord? record, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        record = null;
        var fields = text.Split(';').Select(f => f.Trim(' ', '\t')).ToList();
        if (fields[^1].Length == 0)
        {
            fields.RemoveAt(fields.Count - 1); // a trailing delimiter is allowed
        }

        if (fields.Count == 0 || fields[0] != Version)
        {
            problem = $"The record must start with '{Version}'.";
            return false;
        }

        List<Uri>? rua = null;
        foreach (var field in fields.Skip(1))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problem = $"'{field}' is not a name=value field.";
                return false;
            }

            var name = field[..equals].Trim();
            var value = field[(equals + 1)..].Trim();
            if (name != "rua")
            {
                continue; // extension fields are ignored (§3)
            }

            if (rua is not null)
            {
                problem = "The record has more than one rua field.";
                return false;
            }

            rua = [];
            foreach (var part in value.Split(',').Select(p => p.Trim(' ', '\t')))
            {
                if (!TryReportUri(part, out var uri, out problem))
                {
                    return false;
                }

                rua.Add(uri!);
            }
        }

        if (rua is null)
        {
            problem = "The record has no rua field, so senders have nowhere to send reports.";
            return false;
        }

        record = new TlsRptRecord(rua, text);
        problem = string.Empty;
        return true;
    }

    private static bool TryReportUri(string text, out Uri? uri, out string problem)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out uri))
        {
            problem = $"'{text}' is not a URI.";
            return false;
        }

        if (uri.Scheme == Uri.UriSchemeMailto ? !text.Contains('@', StringComparison.Ordinal) : uri.Scheme != Uri.UriSchemeHttps)
        {
            problem = $"'{text}' is neither a mailto: address nor an https: URL (RFC 8460 §3 allows only these).";
            uri = null;
            return false;
        }

        problem = string.Empty;
        return true;
    }
}
