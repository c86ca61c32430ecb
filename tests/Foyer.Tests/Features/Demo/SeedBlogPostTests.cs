using Foyer.Web.Features.Demo;

namespace Foyer.Tests.Features.Demo;

public sealed class SeedBlogPostTests
{
    [Fact]
    public void Load_finds_the_title_the_text_and_the_eight_numbered_comments()
    {
        var seed = SeedBlogPost.Load();

        Assert.Equal("Social Media: die Vorteile in der internen Zusammenarbeit werden häufig übersehen", seed.Title);
        Assert.Contains("Ulrike Reinhard", seed.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Beitrag veröffentlicht", seed.Body, StringComparison.Ordinal);
        Assert.Equal(8, seed.Comments.Count);
        Assert.StartsWith("Intern=geschlossen", seed.Comments[0], StringComparison.Ordinal);
        Assert.StartsWith("@chris", seed.Comments[3], StringComparison.Ordinal);
        Assert.StartsWith("@Michael: ist für wp.org", seed.Comments[7], StringComparison.Ordinal);
        Assert.All(seed.Comments, c => Assert.False(string.IsNullOrWhiteSpace(c)));
        Assert.DoesNotContain(seed.Comments, c => c.Contains("Schreibe einen Kommentar", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_reads_a_thread_with_windows_line_endings()
    {
        var text = "Titel\r\n\r\nText des Beitrags.\r\nBeitrag veröffentlicht\r\n  1. Erster\r\n  weiter\r\n  2. Zweiter\r\nSchreibe einen Kommentar\r\n  3. Nicht mehr";
        var seed = SeedBlogPost.Parse(text);
        Assert.Equal("Titel", seed.Title);
        Assert.Equal("Text des Beitrags.", seed.Body);
        Assert.Equal(2, seed.Comments.Count);
        Assert.StartsWith("Erster", seed.Comments[0], StringComparison.Ordinal);
        Assert.Contains("weiter", seed.Comments[0], StringComparison.Ordinal);
        Assert.Equal("Zweiter", seed.Comments[1]);
    }
}
