using Foyer.Web.Infrastructure.Content;

namespace Foyer.Tests.Infrastructure.Content;

/// <summary>[[links]] in the content pipeline, without a database: what is a link, where it leads, what stays text.</summary>
public sealed class WikiLinkTests
{
    private static readonly ContentPipeline Pipeline = new(new Foyer.Web.Infrastructure.Links.LinkPreviewTokens(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()));

    private static RenderedContent Render(string markdown, params (string Space, string Title, string Href, bool Missing)[] targets) =>
        Pipeline.Render(markdown, new RenderContext
        {
            SpaceSlug = "ensemble",
            WikiTargets = targets.ToDictionary(t => WikiTitles.Key(t.Space, WikiTitles.Normalize(t.Title)), t => new WikiLinkTarget(t.Href, t.Missing)),
        });

    [Fact]
    public void A_link_to_an_existing_page_leads_to_it()
    {
        var result = Render("Siehe [[Probenplan Herbst]].", ("ensemble", "Probenplan Herbst", "/spaces/ensemble/wiki/probenplan-herbst", false));
        Assert.Contains("<a class=\"wiki-link\" href=\"/spaces/ensemble/wiki/probenplan-herbst\">Probenplan Herbst</a>", result.Html, StringComparison.Ordinal);
        Assert.Equal([new WikiLinkRef("ensemble", "Probenplan Herbst")], result.WikiLinks);
    }

    [Fact]
    public void A_link_to_a_missing_page_looks_different_and_offers_to_create_it()
    {
        var result = Render("[[Bühnenbild]]", ("ensemble", "Bühnenbild", "/spaces/ensemble/wiki/new?title=B%C3%BChnenbild", true));
        Assert.Contains("<a class=\"wiki-link missing\" href=\"/spaces/ensemble/wiki/new?title=B%C3%BChnenbild\">Bühnenbild</a>", result.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_after_the_pipe_is_the_link_text()
    {
        var result = Render("[[Probenplan Herbst|den Plan]]", ("ensemble", "Probenplan Herbst", "/p", false));
        Assert.Contains(">den Plan</a>", result.Html, StringComparison.Ordinal);
        Assert.Equal("probenplan herbst", result.WikiLinks.Single().NormalizedTitle);
    }

    [Fact]
    public void A_space_prefix_targets_another_space_and_is_not_part_of_the_text()
    {
        var result = Render("[[technik:Hebebühne 2]]", ("technik", "Hebebühne 2", "/spaces/technik/wiki/hebebuehne-2", false));
        Assert.Contains("href=\"/spaces/technik/wiki/hebebuehne-2\">Hebebühne 2</a>", result.Html, StringComparison.Ordinal);
        Assert.Equal([new WikiLinkRef("technik", "Hebebühne 2")], result.WikiLinks);
    }

    [Theory]
    [InlineData("Faust: Probenplan")]
    [InlineData("faust: probenplan")]
    [InlineData("https://example.org")]
    public void A_colon_followed_by_a_space_or_slashes_is_part_of_the_title(string title)
    {
        var result = Render($"[[{title}]]");
        Assert.Equal("ensemble", result.WikiLinks.Single().SpaceSlug);
        Assert.Equal(WikiTitles.Normalize(title), result.WikiLinks.Single().NormalizedTitle);
    }

    [Theory]
    [InlineData("`[[Nicht verlinkt]]`")]
    [InlineData("```\n[[Nicht verlinkt]]\n```")]
    [InlineData("    [[Nicht verlinkt]]")]
    public void Links_inside_code_stay_text(string markdown)
    {
        var result = Render(markdown, ("ensemble", "Nicht verlinkt", "/x", false));
        Assert.Empty(result.WikiLinks);
        Assert.DoesNotContain("wiki-link", result.Html, StringComparison.Ordinal);
        Assert.Contains("[[Nicht verlinkt]]", result.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[[a [b] c]]")]
    [InlineData("[[]]")]
    [InlineData("[[ | label]]")]
    [InlineData("[[zeile\nzwei]]")]
    [InlineData("[[nicht geschlossen")]
    public void Malformed_brackets_are_no_link(string markdown)
    {
        var result = Render(markdown);
        Assert.Empty(result.WikiLinks);
        Assert.DoesNotContain("wiki-link", result.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_normal_markdown_link_still_works_next_to_a_wiki_link()
    {
        var result = Render("[Website](https://theater.example) und [[Plan]]", ("ensemble", "Plan", "/p", false));
        Assert.Contains("<a href=\"https://theater.example\"", result.Html, StringComparison.Ordinal);
        Assert.Contains("class=\"wiki-link\"", result.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Titles_compare_without_case_and_extra_spaces()
    {
        Assert.Equal(WikiTitles.Normalize("Probenplan Herbst"), WikiTitles.Normalize("  probenplan   HERBST "));
        Assert.Equal(WikiTitles.Normalize("Größe"), WikiTitles.Normalize("GRÖSSE".Replace("SS", "ß", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_label_cannot_smuggle_markup()
    {
        var result = Render("[[Plan|<img src=x onerror=alert(1)>]]", ("ensemble", "Plan", "/p", false));
        Assert.DoesNotContain("<img", result.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;img", result.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Candidates_are_found_before_rendering_including_umlauts_and_prefixes()
    {
        var found = WikiLinkParser.FindCandidates("[[Bühne]] und [[technik:Licht|das Licht]] und [[Bühne]]");
        Assert.Equal([new WikiLinkRef(null, "Bühne"), new WikiLinkRef("technik", "Licht")], found);
    }
}
