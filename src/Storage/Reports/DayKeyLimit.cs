using TlsRptPlatform.Protocol.Aggregation;

namespace TlsRptPlatform.Storage.Reports;

/// <summary>
/// The per-day key limit of one domain's breakdown (<see cref="ReportStore.MaxKeysPerDay"/>), kept by the domain's grain,
/// which archives that domain's reports one at a time and so sees every key they add. A key new to its (day,
/// dimension) is kept while the dimension has fewer than the limit before the report; past it, its sessions go to
/// <c>(other)</c>. So a day holds at most twice the limit per dimension, however many reports arrive.
/// </summary>
/// <remarks>
/// Counting the day's keys in SQL for every report cost PostgreSQL more than the rest of the report's writes. Here a
/// day starts from one count per dimension read from the store; then each archived report adds its keys to an upper
/// bound. Only a dimension whose bound reaches the limit — a flooded day — has its keys read and tracked one by one.
/// At most <see cref="MaxDays"/> days are held; a day dropped, or left in doubt by a failed write, is read again.
/// Another activation of the same grain (a silo lost mid-call) could add a report's keys unseen: the bound is then
/// exceeded by at most that report's keys, still far from unbounded.
/// </remarks>
public sealed class DayKeyLimit(ReportStore store, string domain)
{
    /// <summary>Days held at once: reports arrive for yesterday and a few days before it.</summary>
    public const int MaxDays = 8;

    private readonly Dictionary<DateOnly, Dictionary<Dimension, DimensionKeys>> _days = [];
    private readonly LinkedList<DateOnly> _recent = new();

    /// <summary>The contribution as it is to be stored: keys over the limit merged into <c>(other)</c>.</summary>
    public async Task<ReportContribution> ApplyAsync(ReportContribution contribution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        var day = await DayAsync(contribution.Day, cancellationToken);
        Dictionary<Dimension, IReadOnlyDictionary<string, long>>? mapped = null;
        foreach (var (dimension, keys) in contribution.Breakdown)
        {
            if (keys.Count == 0 || !day.TryGetValue(dimension, out var known) || known.Bound < ReportStore.MaxKeysPerDay)
            {
                continue;
            }

            known.Exact ??= await store.DayKeysAsync(domain, contribution.Day, dimension, cancellationToken);
            known.Bound = known.Exact.Count;
            if (known.Bound < ReportStore.MaxKeysPerDay || keys.Keys.All(known.Exact.Contains))
            {
                continue;
            }

            mapped ??= new Dictionary<Dimension, IReadOnlyDictionary<string, long>>(contribution.Breakdown);
            mapped[dimension] = MapToOther(keys, known.Exact);
        }

        return mapped is null ? contribution : contribution with { Breakdown = mapped };
    }

    /// <summary>After the store archived <paramref name="stored"/> (as returned by <see cref="ApplyAsync"/>) for the first time.</summary>
    public void Archived(ReportContribution stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!_days.TryGetValue(stored.Day, out var day))
        {
            return;
        }

        foreach (var (dimension, keys) in stored.Breakdown)
        {
            var known = day.GetValueOrDefault(dimension);
            if (known is null)
            {
                day[dimension] = known = new DimensionKeys();
            }

            if (known.Exact is { } exact)
            {
                exact.UnionWith(keys.Keys);
                known.Bound = exact.Count;
            }
            else
            {
                known.Bound += keys.Count;
            }
        }
    }

    /// <summary>After a write whose outcome is unknown: the day is read from the store again when next needed.</summary>
    public void Forget(DateOnly day)
    {
        if (_days.Remove(day))
        {
            _recent.Remove(day);
        }
    }

    private async Task<Dictionary<Dimension, DimensionKeys>> DayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        if (_days.TryGetValue(day, out var known))
        {
            _recent.Remove(day);
            _recent.AddFirst(day);
            return known;
        }

        var counts = await store.DayKeyCountsAsync(domain, day, cancellationToken);
        known = counts.ToDictionary(c => c.Key, c => new DimensionKeys { Bound = c.Value });
        if (_days.Count >= MaxDays)
        {
            _days.Remove(_recent.Last!.Value);
            _recent.RemoveLast();
        }

        _days[day] = known;
        _recent.AddFirst(day);
        return known;
    }

    private static Dictionary<string, long> MapToOther(IReadOnlyDictionary<string, long> keys, HashSet<string> existing)
    {
        var mapped = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, sessions) in keys)
        {
            var target = existing.Contains(key) ? key : ReportAggregator.Other;
            mapped[target] = ReportAggregator.Saturating(mapped.GetValueOrDefault(target), sessions);
        }

        return mapped;
    }

    private sealed class DimensionKeys
    {
        /// <summary>At least the number of keys the day has in this dimension; exact while <see cref="Exact"/> is held.</summary>
        public int Bound { get; set; }

        public HashSet<string>? Exact { get; set; }
    }
}
