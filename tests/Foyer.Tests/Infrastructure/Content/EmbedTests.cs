using Foyer.Web.Infrastructure.Content;
using Foyer.Web.Infrastructure.Content.Embeds;

namespace Foyer.Tests.Infrastructure.Content;

public sealed class EmbedTests
{
    private static readonly ContentPipeline Pipeline = new(new Foyer.Web.Infrastructure.Links.LinkPreviewTokens(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()));

    [Theory]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=1m30s", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ?t=42", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42")]
    [InlineData("https://www.youtube.com/shorts/dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://vimeo.com/76979871", "Vimeo", "https://player.vimeo.com/video/76979871?dnt=1")]
    [InlineData("https://www.dailymotion.com/video/x8abcd1", "Dailymotion", "https://geo.dailymotion.com/player.html?video=x8abcd1")]
    [InlineData("https://dai.ly/x8abcd1", "Dailymotion", "https://geo.dailymotion.com/player.html?video=x8abcd1")]
    [InlineData("https://soundcloud.com/staatsoper/ouvertuere", "SoundCloud", "https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fstaatsoper%2Fouvertuere")]
    [InlineData("https://tube.kulturnetz.example/w/9c9de5e8-0a1e-484a-b099-e80766180a6d", "PeerTube", "https://tube.kulturnetz.example/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d")]
    [InlineData("https://peertube.example.org/videos/watch/kkGMgK9ZtnKfYAgnEtQxbv", "PeerTube", "https://peertube.example.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv")]
    public void Known_video_links_are_recognised_with_their_privacy_friendly_player(string url, string provider, string player)
    {
        var match = EmbedProviders.Recognise(url);
        Assert.NotNull(match);
        Assert.Equal(provider, match.Provider.Name);
        Assert.Equal(player, match.PlayerUrl);
    }

    [Theory]
    [InlineData("https://www.youtube.com/watch?v=short")]
    [InlineData("https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("javascript:alert(1)//www.youtube.com/watch?v=dQw4w9WgXcQ")]
    [InlineData("ftp://vimeo.com/76979871")]
    [InlineData("https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ")]
    [InlineData("https://theater.example/spielplan")]
    public void Other_or_suspicious_links_are_not_embedded(string url) => Assert.Null(EmbedProviders.Recognise(url));

    [Fact]
    public void A_video_link_alone_on_a_line_becomes_a_two_click_embed_and_loads_nothing()
    {
        var html = Pipeline.Render("Schaut mal:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nToll, oder?").Html;
        Assert.Contains("<figure class=\"embed\" data-provider=\"YouTube\" data-embed-src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" data-preview=\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"embed-load\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<iframe", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_other_link_alone_on_a_line_becomes_a_link_card_with_a_signed_snapshot_address()
    {
        var html = Pipeline.Render("Programm:\n\nhttps://theater.example/spielplan?monat=11\n").Html;
        var card = System.Text.RegularExpressions.Regex.Match(html, "<figure class=\"link-card\" data-preview=\"([^\"]+)\"><a class=\"link-card-url\" href=\"https://theater.example/spielplan\\?monat=11\"[^>]*>https://theater.example/spielplan\\?monat=11</a></figure>");
        Assert.True(card.Success, html);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_in_a_sentence_javascript_and_credentials_never_become_cards()
    {
        Assert.DoesNotContain("link-card", Pipeline.Render("Siehe https://theater.example/spielplan für mehr.").Html, StringComparison.Ordinal);
        Assert.DoesNotContain("link-card", Pipeline.Render("https://user:secret@theater.example/intern").Html, StringComparison.Ordinal);
        var js = Pipeline.Render("[javascript:alert(1)](javascript:alert(1))").Html;
        Assert.DoesNotContain("link-card", js, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:alert(1)\"", js, StringComparison.Ordinal);
    }

    [Fact]
    public void A_video_link_inside_a_sentence_stays_a_link()
    {
        var html = Pipeline.Render("Das Video https://www.youtube.com/watch?v=dQw4w9WgXcQ ist gut.").Html;
        Assert.DoesNotContain("embed", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[youtube https://www.youtube.com/watch?v=dQw4w9WgXcQ]", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("[youtube dQw4w9WgXcQ]", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("[vimeo 76979871]", "https://player.vimeo.com/video/76979871?dnt=1")]
    [InlineData("[embed]https://vimeo.com/76979871[/embed]", "https://player.vimeo.com/video/76979871?dnt=1")]
    [InlineData("[video src=\"https://youtu.be/dQw4w9WgXcQ\"]", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    public void Legacy_shortcodes_become_the_same_embed(string shortcode, string player)
    {
        var html = Pipeline.Render($"Vorher\n\n{shortcode}\n\nNachher").Html;
        Assert.Contains($"data-embed-src=\"{player}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(shortcode, System.Net.WebUtility.HtmlDecode(html).Replace(player, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_shortcode_of_a_vanished_provider_becomes_a_clear_card_not_bracket_text()
    {
        // The seed's comment 6: a blip.tv shortcode that never worked.
        var html = Pipeline.Render("eigentlich müsste dieser code funzen\n\n[blip.tv ?posts_id=3911388&dest=-1]").Html;
        Assert.Contains("<figure class=\"embed gone\">", html, StringComparison.Ordinal);
        Assert.Contains("Video no longer available", html, StringComparison.Ordinal);
        Assert.Contains("<code>[blip.tv ?posts_id=3911388&amp;dest=-1]</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Shortcodes_in_code_stay_text()
    {
        var html = Pipeline.Render("```\n[youtube dQw4w9WgXcQ]\n```").Html;
        Assert.DoesNotContain("embed", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("1m30s", 90)]
    [InlineData("1h2m3s", 3723)]
    [InlineData("nonsense", 0)]
    public void Start_times_are_read_like_youtube_does(string value, int seconds) => Assert.Equal(seconds, EmbedProviders.ParseSeconds(value));
}
