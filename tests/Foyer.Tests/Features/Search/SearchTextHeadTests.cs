using Foyer.Web.Features.Search;

namespace Foyer.Tests.Features.Search;

/// <summary>The page reads one character more than it keeps of a hit's text; the cut counts code points, as substr does in both databases.</summary>
public class SearchTextHeadTests
{
    [Fact]
    public void A_text_as_long_as_the_head_is_not_cut()
    {
        var text = new string('a', 10);
        Assert.Equal((text, false), SearchEngineBase.Head(text, 10));
    }

    [Fact]
    public void A_text_one_character_longer_is_cut_to_the_head()
    {
        Assert.Equal(("aaaaaaaaaa", true), SearchEngineBase.Head(new string('a', 11), 10));
    }

    [Fact]
    public void Emoji_count_as_one_character_and_are_never_split()
    {
        // Ten code points, twenty UTF-16 units: substr(text, 1, 11) would return all of it, so it is not cut.
        var ten = string.Concat(Enumerable.Repeat("🎭", 10));
        Assert.Equal((ten, false), SearchEngineBase.Head(ten, 10));
        var (head, cut) = SearchEngineBase.Head(ten + "x", 10);
        Assert.True(cut);
        Assert.Equal(ten, head);
        var (three, cutThree) = SearchEngineBase.Head("a🎭b🎭", 3);
        Assert.Equal(("a🎭b", true), (three, cutThree));
    }
}
