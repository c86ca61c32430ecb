using Foyer.Web.Infrastructure.Content;

namespace Foyer.Tests.Infrastructure.Content;

public sealed class SlugsTests
{
    [Theory]
    [InlineData("Probenplan Herbst", "probenplan-herbst")]
    [InlineData("Größe", "groesse")]
    [InlineData("Äpfel & Öl – Übung", "aepfel-oel-uebung")]
    [InlineData("Café Müller", "cafe-mueller")]
    [InlineData("  Faust   I + II  ", "faust-i-ii")]
    [InlineData("Spielzeit 2026/27", "spielzeit-2026-27")]
    [InlineData("!!!", "")]
    [InlineData("", "")]
    public void From_makes_readable_url_parts(string text, string expected)
    {
        Assert.Equal(expected, Slugs.From(text));
    }

    [Fact]
    public void From_uses_the_given_separator()
    {
        Assert.Equal("joerg.mueller", Slugs.From("Jörg Müller", '.'));
    }

    [Theory]
    [InlineData("abc def", 4)]
    [InlineData("abc def ghi", 5)]
    [InlineData("Größe Größe Größe", 10)]
    public void From_never_exceeds_the_maximum_length(string text, int maxLength)
    {
        var slug = Slugs.From(text, maxLength: maxLength);
        Assert.True(slug.Length <= maxLength, $"\"{slug}\" is longer than {maxLength}");
        Assert.False(slug.EndsWith('-'), $"\"{slug}\" ends with the separator");
    }

    [Fact]
    public void From_cuts_long_names_at_80_characters()
    {
        var slug = Slugs.From(string.Join(' ', Enumerable.Repeat("Probenplan", 20)));
        Assert.True(slug.Length <= 80);
        Assert.StartsWith("probenplan-probenplan", slug, StringComparison.Ordinal);
    }
}
