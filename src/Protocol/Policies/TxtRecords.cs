namespace TlsRptPlatform.Protocol.Policies;

/// <summary>The common first step of RFC 8460 §3 and RFC 8461 §3.1 record lookups.</summary>
internal static class TxtRecords
{
    /// <summary>
    /// Joins each TXT record's strings with no separator and keeps the records that start with
    /// <paramref name="version"/>; all others are not records of that kind and are ignored.
    /// </summary>
    public static List<string> StartingWith(IEnumerable<IReadOnlyList<string>> txtRecords, string version)
    {
        ArgumentNullException.ThrowIfNull(txtRecords);
        return txtRecords.Select(strings => string.Concat(strings))
            .Where(text => text.StartsWith(version, StringComparison.Ordinal))
            .ToList();
    }
}
