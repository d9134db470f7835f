using TlsRptPlatform.Protocol.Text;

namespace TlsRptPlatform.Protocol.Tests.Text;

public class ExcerptTests
{
    [Fact]
    public void Short_text_is_kept_and_long_text_cut_to_the_maximum_with_a_mark()
    {
        Assert.Equal("abc", Excerpt.Of("abc", 3));
        Assert.Equal("ab…", Excerpt.Of("abcd", 3));
        Assert.Null(Excerpt.Of(null, 3));
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var text = new string('a', 3) + "😀" + "tail"; // the emoji is two chars at indexes 3 and 4

        var cut = Excerpt.Of(text, 5);

        Assert.Equal("aaa…", cut);
        Assert.DoesNotContain(cut, char.IsSurrogate);
    }
}
