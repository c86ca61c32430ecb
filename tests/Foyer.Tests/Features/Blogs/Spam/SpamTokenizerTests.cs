using Foyer.Web.Features.Blogs.Spam;

namespace Foyer.Tests.Features.Blogs.Spam;

public sealed class SpamTokenizerTests
{
    [Fact]
    public void Words_are_lower_case_with_umlauts_and_sharp_s_kept()
    {
        var tokens = SpamTokenizer.Tokenize("Die ÜBERTITEL waren schön, aber die Straße davor war gesperrt.");
        Assert.Contains("übertitel", tokens);
        Assert.Contains("schön", tokens);
        Assert.Contains("straße", tokens);
        Assert.Contains("gesperrt", tokens);
        Assert.DoesNotContain("die", tokens);   // function words become lang:de
        Assert.Contains("lang:de", tokens);
    }

    [Fact]
    public void Decomposed_umlauts_become_the_same_token_as_composed_ones()
    {
        Assert.Contains("schön", SpamTokenizer.Tokenize("scho\u0308n"));
    }

    [Fact]
    public void Short_words_and_plain_numbers_are_dropped()
    {
        var tokens = SpamTokenizer.Tokenize("ok so 42 1927 ab Tschechow");
        Assert.Contains("tschechow", tokens);
        Assert.DoesNotContain("ok", tokens);
        Assert.DoesNotContain("ab", tokens);
        Assert.DoesNotContain("1927", tokens);
    }

    [Fact]
    public void Words_are_split_on_everything_that_is_not_a_letter_or_digit()
    {
        var tokens = SpamTokenizer.Tokenize("Besucher*innen/Publikum–Kasse_Foyer");
        Assert.Contains("besucher", tokens);
        Assert.Contains("innen", tokens);
        Assert.Contains("publikum", tokens);
        Assert.Contains("kasse", tokens);
        Assert.Contains("foyer", tokens);
    }

    [Fact]
    public void Links_become_domain_tld_and_path_word_features_and_are_counted()
    {
        var tokens = SpamTokenizer.Tokenize("Buy here: https://shop.cheap-pills.example.top/buy-viagra-online?ref=7 and http://www.other.example.com");
        Assert.Contains("link:example.top", tokens);
        Assert.Contains("tld:top", tokens);
        Assert.Contains("url:viagra", tokens);
        Assert.Contains("url:has-query", tokens);
        Assert.Contains("link:example.com", tokens);
        Assert.Contains("links:two", tokens);
        Assert.DoesNotContain("viagra", tokens); // a word of the link, not of the text
    }

    [Theory]
    [InlineData("no link at all", 0)]
    [InlineData("https://a.example/x.", 1)]
    [InlineData("[Artikel](https://www.zeit.de/kultur)", 1)]
    [InlineData("<a href=\"http://a.example\">a</a> www.b.example", 2)]
    [InlineData("[url=http://a.example]a[/url] [url]http://b.example[/url] ftp://c.example", 3)]
    [InlineData("e-mail me at info@www.example.org or see nachtkritik.de", 0)]
    public void Links_are_counted_with_http_or_www_however_they_are_written(string text, int expected)
    {
        Assert.Equal(expected, SpamTokenizer.CountLinks(text));
    }

    [Fact]
    public void Registrable_domains_keep_second_level_country_domains_together()
    {
        Assert.Equal(("example.co.uk", "uk"), SpamTokenizer.RegistrableDomain("shop.example.co.uk"));
        Assert.Equal(("foyer.de", "de"), SpamTokenizer.RegistrableDomain("www.foyer.de"));
    }

    [Fact]
    public void Bare_domains_and_keyword_domains_are_features_too()
    {
        var tokens = SpamTokenizer.Tokenize("visit best-casino-bonus-24.xyz today");
        Assert.Contains("bare-domain", tokens);
        Assert.Contains("link:best-casino-bonus-24.xyz", tokens);
        Assert.Contains("link:shape:hyphens", tokens);
        Assert.Contains("link:shape:digits", tokens);
        Assert.Contains("url:casino", tokens);
    }

    [Fact]
    public void Name_website_and_email_have_their_own_features()
    {
        var tokens = SpamTokenizer.Tokenize(new SpamDocument("Great post!", "Best Online Casino 2024", "xyz123@mail.example", "https://cheap-essay-help.example.net"));
        Assert.Contains("name:casino", tokens);
        Assert.Contains("name:many-words", tokens);
        Assert.Contains("name:digits", tokens);
        Assert.Contains("site:example.net", tokens);
        Assert.Contains("site-word:essay", tokens);
        Assert.Contains("site:shape:hyphens", tokens);
        Assert.Contains("email:digits", tokens);

        var plain = SpamTokenizer.Tokenize(new SpamDocument("Schöner Abend", "Renate"));
        Assert.Contains("name:renate", plain);
        Assert.Contains("site:none", plain);

        Assert.Contains("name:url", SpamTokenizer.Tokenize(new SpamDocument("hi", "Visit Cheap-Pills.top")));
    }

    [Theory]
    [InlineData("asdfasdf", true)]
    [InlineData("lkjlkj", true)]
    [InlineData("qwertzuiop", true)]
    [InlineData("aaaaaaaa", true)]
    [InlineData("xrzqpwmt", true)]
    [InlineData("plmoknijbuhvygctfxrdz", true)]
    [InlineData("k3j4h5k2j3h4", true)]
    [InlineData("schmidt", false)]
    [InlineData("bekanntschaften", false)]
    [InlineData("angstschrei", false)]
    [InlineData("rhythms", false)]
    [InlineData("strengths", false)]
    [InlineData("programmheft", false)]
    [InlineData("ticket2024", false)]
    public void Random_strings_are_told_from_words(string word, bool gibberish)
    {
        Assert.Equal(gibberish, SpamTokenizer.IsGibberish(word));
    }

    [Fact]
    public void Scripts_language_and_shape_features()
    {
        Assert.Contains("script:cyrillic", SpamTokenizer.Tokenize("Привет! Хочешь познакомиться?"));
        Assert.Contains("script:cjk", SpamTokenizer.Tokenize("我们提供高质量的外链服务"));
        Assert.Contains("text:mixed-script", SpamTokenizer.Tokenize("vіagra")); // Cyrillic і
        Assert.Contains("text:no-function-words", SpamTokenizer.Tokenize("cheap pills online fast shipping"));
        Assert.Contains("lang:en", SpamTokenizer.Tokenize("I think the play was too long"));
        Assert.Contains("text:mention", SpamTokenizer.Tokenize("@Dirk: das sehe ich anders"));
        Assert.Contains("text:shouting", SpamTokenizer.Tokenize("FREE MONEY FOR EVERYONE CLICK NOW"));
        Assert.Contains("text:money", SpamTokenizer.Tokenize("earn $500 a day"));
        Assert.Contains("name:starts-text", SpamTokenizer.Tokenize(new SpamDocument("kjhsdfkjh sdlkfjsdf", "kjhsdfkjh")));
    }

    [Fact]
    public void Feature_tokens_never_collide_with_words()
    {
        var words = SpamTokenizer.Tokenize("money mention gibberish shouting exclaims");
        Assert.Contains("money", words);
        Assert.DoesNotContain("text:money", words);

        var features = SpamTokenizer.Tokenize(new SpamDocument("@Anna EARN $500 NOW!!! asdfasdf qwertzuiop FAST FAST FAST FAST", "Анна Petrova"));
        Assert.Contains("text:money", features);
        Assert.Contains("text:gibberish", features);
        Assert.Contains("text:mention", features);
        Assert.All(features.Where(f => !f.Contains(':', StringComparison.Ordinal) && !f.Contains('-', StringComparison.Ordinal)),
            word => Assert.Contains(word, SpamTokenizer.Tokenize(new SpamDocument("@Anna EARN $500 NOW!!! asdfasdf qwertzuiop FAST FAST FAST FAST"))));
    }

    [Fact]
    public void Long_comments_are_bounded_and_tokens_fit_the_database_column()
    {
        var text = string.Join(' ', Enumerable.Range(0, 3000).Select(i => "wort" + i.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "x"))
            + " https://" + new string('a', 200) + ".example/" + new string('b', 300);
        var tokens = SpamTokenizer.Tokenize(text);
        Assert.True(tokens.Count <= SpamTokenizer.MaxTokens);
        Assert.All(tokens, t => Assert.True(t.Length <= Foyer.Data.Blogs.SpamToken.MaxTokenLength, t));
        Assert.Contains("links:one", tokens); // feature tokens survive the cut
    }

    [Fact]
    public void Empty_and_odd_input_does_not_throw()
    {
        Assert.NotEmpty(SpamTokenizer.Tokenize(""));
        Assert.NotEmpty(SpamTokenizer.Tokenize(new SpamDocument("\ud800 broken surrogate http:// www. https://[::1]/x", null, null, "not a url ::")));
    }
}
