using System.Text.RegularExpressions;

namespace TlsRptPlatform.Storage.Database;

/// <summary>
/// A PostgreSQL statement written with <c>@name</c> placeholders, turned once into the server's own <c>$n</c> form.
/// </summary>
/// <remarks>
/// Given named parameters, Npgsql parses and rewrites a statement's text on every execution; given unnamed ones it
/// sends the text as it is. For the archive's statement, run for every report, the rewriting was a sixth of the
/// platform's allocations at ingestion.
/// </remarks>
internal sealed partial class PositionalSql
{
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    public PositionalSql(string sql)
    {
        Text = Placeholder().Replace(sql, match =>
        {
            var name = match.Groups[1].Value;
            if (!_positions.TryGetValue(name, out var position))
            {
                position = _positions.Count;
                _positions.Add(name, position);
            }

            return "$" + (position + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
    }

    public string Text { get; }

    /// <summary>The statement with every placeholder's value in its position; each name the text uses must be given once.</summary>
    public SqlStatement Bind(IEnumerable<(string Name, object? Value)> values)
    {
        var parameters = new (string Name, object? Value)[_positions.Count];
        var bound = 0;
        foreach (var (name, value) in values)
        {
            if (!_positions.TryGetValue(name, out var position) || parameters[position].Name is not null)
            {
                throw new ArgumentException($"The statement has no placeholder @{name}, or it was given twice.", nameof(values));
            }

            parameters[position] = (string.Empty, value);
            bound++;
        }

        return bound == parameters.Length
            ? new SqlStatement(Text, parameters)
            : throw new ArgumentException($"{parameters.Length - bound} of the statement's placeholders have no value.", nameof(values));
    }

    [GeneratedRegex("@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Placeholder();
}
