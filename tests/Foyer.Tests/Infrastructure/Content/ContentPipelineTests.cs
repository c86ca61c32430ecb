using Foyer.Web.Infrastructure.Content;

namespace Foyer.Tests.Infrastructure.Content;

/// <summary>The content pipeline without a database: Markdown → mentions and tags → sanitized HTML.</summary>
public sealed class ContentPipelineTests
{
    private static readonly ContentPipeline Pipeline = new(new Foyer.Web.Infrastructure.Links.LinkPreviewTokens(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()));
    private static readonly MentionTarget Anna = new(7, "anna", "Anna Schmidt");
    private static readonly MentionTarget AnnaLena = new(8, "anna.lena", "Anna-Lena Roth");
    private static readonly Dictionary<string, MentionTarget> Known = new() { ["anna"] = Anna, ["anna.lena"] = AnnaLena };

    private static RenderedContent Render(string markdown) => Pipeline.Render(markdown, Known);

    private const string AnnaLink = "<a class=\"mention\" href=\"/people/anna\">@anna</a>";

    // Mentions

    [Fact]
    public void A_known_handle_becomes_a_mention_link()
    {
        var result = Render("Hallo @anna, kommst du?");
        Assert.Contains(AnnaLink, result.Html, StringComparison.Ordinal);
        Assert.Equal([7L], result.MentionedUserIds);
    }

    [Fact]
    public void An_unknown_handle_stays_text()
    {
        var result = Render("Hallo @bernd und @anna");
        Assert.Contains("@bernd", result.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/people/bernd", result.Html, StringComparison.Ordinal);
        Assert.Equal([7L], result.MentionedUserIds);
    }

    [Fact]
    public void Without_a_mention_set_nobody_is_mentioned()
    {
        var result = Pipeline.Render("Hallo @anna");
        Assert.Empty(result.MentionedUserIds);
        Assert.DoesNotContain("class=\"mention\"", result.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Handles_match_regardless_of_case()
    {
        Assert.Equal([7L], Render("Danke @Anna!").MentionedUserIds);
    }

    [Theory]
    [InlineData("Schreib an anna@example.org")]
    [InlineData("Schreib an mailto:anna@example.org")]
    [InlineData("Siehe https://mastodon.example/@anna")]
    [InlineData("Code: `@anna`")]
    [InlineData("```\n@anna\n```")]
    [InlineData("    @anna im eingerückten Codeblock")]
    [InlineData("Kein @@anna")]
    public void No_mention_in_email_addresses_urls_or_code(string markdown)
    {
        var result = Render(markdown);
        Assert.Empty(result.MentionedUserIds);
        Assert.DoesNotContain("class=\"mention\"", result.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mention_at_the_end_of_a_sentence_leaves_the_full_stop_as_text()
    {
        var result = Render("Frag @anna.");
        Assert.Contains(AnnaLink + ".", result.Html, StringComparison.Ordinal);
        Assert.Equal([7L], result.MentionedUserIds);
    }

    [Fact]
    public void A_handle_with_a_dot_inside_is_one_handle()
    {
        var result = Render("Frag @anna.lena dazu.");
        Assert.Contains("href=\"/people/anna.lena\"", result.Html, StringComparison.Ordinal);
        Assert.Equal([8L], result.MentionedUserIds);
    }

    [Fact]
    public void Mentions_in_emphasis_and_lists_still_count_once()
    {
        var result = Render("**@anna** und\n\n- @anna\n- @anna.lena");
        Assert.Equal([7L, 8L], result.MentionedUserIds.Order());
    }

    [Fact]
    public void Handle_candidates_are_found_for_the_lookup_but_not_in_email_addresses()
    {
        var candidates = ContentPipeline.FindHandleCandidates("@Anna, anna.lena@example.org und @joerg.mueller.");
        Assert.Equal(["anna", "joerg.mueller"], candidates.Order());
    }

    // Tags

    [Fact]
    public void A_tag_becomes_a_lower_case_link()
    {
        var result = Render("Heute #Premiere!");
        Assert.Contains("<a class=\"tag\" href=\"/tags/premiere\">#Premiere</a>", result.Html, StringComparison.Ordinal);
        Assert.Equal(["premiere"], result.Tags);
    }

    [Fact]
    public void Tags_keep_their_umlauts()
    {
        var result = Render("Neu auf der #Bühne und #Größe");
        Assert.Equal(["bühne", "größe"], result.Tags);
        Assert.Contains($"href=\"/tags/{Uri.EscapeDataString("bühne")}\"", result.Html, StringComparison.Ordinal);
        Assert.Contains(">#Bühne</a>", result.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Platz #1 in der Kritik")]
    [InlineData("Wir schreiben C# und F#")]
    [InlineData("Siehe https://x.org/#top")]
    [InlineData("Siehe [Abschnitt](https://x.org/#top)")]
    [InlineData("Farbe `#fff` im Code")]
    [InlineData("Farbe&#35;fff")]
    public void No_tag_for_numbers_language_names_url_fragments_or_code(string markdown)
    {
        var result = Render(markdown);
        Assert.Empty(result.Tags);
        Assert.DoesNotContain("class=\"tag\"", result.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_url_fragment_stays_part_of_the_link()
    {
        var result = Render("Siehe https://x.org/#top");
        Assert.Contains("href=\"https://x.org/#top\"", result.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heading_is_a_heading_not_a_tag()
    {
        var result = Render("# Probenplan\n\n#probenplan");
        Assert.Contains("<h1>Probenplan</h1>", result.Html, StringComparison.Ordinal);
        Assert.Equal(["probenplan"], result.Tags);
    }

    [Fact]
    public void A_tag_at_the_end_of_a_sentence_leaves_the_full_stop_and_repeats_count_once()
    {
        var result = Render("Das war #Theater. Wirklich #theater!");
        Assert.Contains(">#Theater</a>.", result.Html, StringComparison.Ordinal);
        Assert.Equal(["theater"], result.Tags);
    }

    // Sanitizer

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<svg onload=alert(1)><circle/></svg>")]
    [InlineData("<style>body { display: none }</style>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<a href=\"https://x.org\" onclick=\"alert(1)\">x</a>")]
    [InlineData("<div style=\"position:fixed\">x</div>")]
    public void Raw_html_is_shown_as_text_never_as_markup(string markdown)
    {
        var html = Render(markdown).Html;
        Assert.DoesNotMatch("<(script|img|svg|style|iframe|div)\\b", html);
        Assert.DoesNotMatch(@"<[^>]*\son\w+\s*=", html);
        Assert.DoesNotMatch(@"<[^>]*\sstyle\s*=", html);
        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[klick](javascript:alert(1))")]
    [InlineData("[klick](JAVASCRIPT:alert(1))")]
    [InlineData("[klick](&#106;avascript:alert(1))")]
    [InlineData("[klick](java\tscript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[klick](vbscript:msgbox(1))")]
    [InlineData("[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![bild](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)")]
    [InlineData("![bild](javascript:alert(1))")]
    public void Script_and_data_urls_are_removed(string markdown)
    {
        var html = Render(markdown).Html;
        Assert.DoesNotMatch("(href|src)\\s*=\\s*\"\\s*(javascript|vbscript|data|java\\s)", html.ToLowerInvariant());
    }

    [Theory]
    [InlineData("[Spielplan](https://theater.example/spielplan)", "https://theater.example/spielplan")]
    [InlineData("Siehe https://theater.example/spielplan", "https://theater.example/spielplan")]
    [InlineData("<http://theater.example>", "http://theater.example")]
    public void External_links_get_rel_nofollow_noopener(string markdown, string href)
    {
        var html = Render(markdown).Html;
        var anchor = System.Text.RegularExpressions.Regex.Match(html, "<a [^>]*href=\"" + System.Text.RegularExpressions.Regex.Escape(href) + "\"[^>]*>");
        Assert.True(anchor.Success, html);
        var rel = System.Text.RegularExpressions.Regex.Match(anchor.Value, "rel=\"([^\"]*)\"").Groups[1].Value.Split(' ');
        Assert.Contains("nofollow", rel);
        Assert.Contains("noopener", rel);
    }

    [Fact]
    public void Mention_and_tag_links_are_internal_and_survive_the_sanitizer()
    {
        var html = Render("@anna #probe").Html;
        Assert.Contains(AnnaLink, html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"tag\" href=\"/tags/probe\">#probe</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_keeps_the_words_without_markup()
    {
        var result = Render("**Wichtig:** Probe mit @anna um _10 Uhr_ #probe");
        Assert.Equal("Wichtig: Probe mit @anna um 10 Uhr #probe", result.PlainText);
    }

    // Tag names

    [Theory]
    [InlineData("Bühne", "bühne")]
    [InlineData("#Probe", "probe")]
    [InlineData("saison-2026", "saison-2026")]
    [InlineData("1", null)]
    [InlineData("2026", null)]
    [InlineData("", null)]
    [InlineData("a.b", null)]
    public void Tag_names_are_normalised_or_refused(string word, string? expected)
    {
        Assert.Equal(expected, TagNames.Normalize(word));
    }

    [Fact]
    public void Tag_names_longer_than_the_limit_are_refused()
    {
        Assert.Null(TagNames.Normalize(new string('a', Foyer.Data.Stream.Tag.MaxNameLength + 1)));
        Assert.NotNull(TagNames.Normalize(new string('a', Foyer.Data.Stream.Tag.MaxNameLength)));
    }
}
