using TlsRptPlatform.Storage.Imports;

namespace TlsRptPlatform.Api.Imports;

/// <summary>What became of an import's items so far: counts, and per refusal reason its count and first examples.</summary>
public sealed class ImportTally
{
    /// <summary>Examples kept per reason: enough to find the items, bounded whatever the archive holds.</summary>
    public const int ExamplesPerReason = 5;

    /// <summary>Distinct reasons kept; they are problem type slugs, so far fewer exist.</summary>
    public const int MaxReasons = 32;

    private readonly Dictionary<string, (long Count, List<RefusedItem> Examples)> _refusals = new(StringComparer.Ordinal);

    public long Accepted { get; private set; }

    public long Duplicates { get; private set; }

    public long Refused { get; private set; }

    public void Accept(long accepted, long duplicates)
    {
        Accepted += accepted;
        Duplicates += duplicates;
    }

    public void Refuse(string item, string reason, string detail)
    {
        Refused++;
        if (!_refusals.TryGetValue(reason, out var entry))
        {
            if (_refusals.Count >= MaxReasons)
            {
                reason = "other";
            }

            entry = _refusals.GetValueOrDefault(reason, (0, []));
        }

        if (entry.Examples.Count < ExamplesPerReason)
        {
            entry.Examples.Add(new RefusedItem(item, detail));
        }

        _refusals[reason] = (entry.Count + 1, entry.Examples);
    }

    public ImportProgress Snapshot(long processedBytes) =>
        new(processedBytes, Accepted, Duplicates, Refused,
            _refusals.OrderByDescending(r => r.Value.Count).ThenBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new ImportRefusal(r.Key, r.Value.Count, r.Value.Examples.ToList())).ToList());
}
