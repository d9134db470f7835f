using TlsRptPlatform.Storage.Database;

namespace TlsRptPlatform.Platform.Tests.Storage;

/// <summary>The archive's statement travels with positional parameters; a value in the wrong position would store the wrong column.</summary>
public sealed class PositionalSqlTests
{
    private static readonly PositionalSql Statement = new("INSERT INTO t (a, b) SELECT @b, @a WHERE @b > 0 AND x = @a_long");

    [Fact]
    public void Placeholders_are_numbered_by_first_appearance_and_a_repeated_name_keeps_its_number()
    {
        Assert.Equal("INSERT INTO t (a, b) SELECT $1, $2 WHERE $1 > 0 AND x = $3", Statement.Text);
    }

    [Fact]
    public void Values_given_in_any_order_are_bound_to_their_placeholders_positions_without_names()
    {
        var bound = Statement.Bind([("a_long", 3L), ("a", "first"), ("b", null)]).Parameters.ToList();

        Assert.Equal([(string.Empty, (object?)null), (string.Empty, "first"), (string.Empty, 3L)], bound);
    }

    [Fact]
    public void A_missing_an_unknown_or_a_repeated_value_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Statement.Bind([("a", 1), ("b", 2)]));
        Assert.Throws<ArgumentException>(() => Statement.Bind([("a", 1), ("b", 2), ("a_long", 3), ("c", 4)]));
        Assert.Throws<ArgumentException>(() => Statement.Bind([("a", 1), ("b", 2), ("b", 2)]));
    }
}
