using Foyer.Web.Features.Blogs.Spam;

namespace Foyer.Tests.Features.Blogs.Spam;

/// <summary>Each rule of the spam filter on its own, with an empty classifier model that decides nothing.</summary>
public sealed class SpamFilterTests : IDisposable
{
    private const string Ordinary = "Wann ist die Ausstellung über die Bauhaus-Fotografinnen wieder geöffnet?";
    private readonly SpamTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task An_ordinary_comment_is_published_without_reasons()
    {
        var result = await _kit.CheckAsync(Ordinary);
        Assert.Equal(SpamVerdict.Publish, result.Verdict);
        Assert.Empty(result.Reasons);
        Assert.Equal(0.5, result.SpamProbability); // the empty model knows nothing
    }

    [Fact]
    public async Task A_filled_honeypot_is_rejected()
    {
        var result = await _kit.CheckAsync(Ordinary, honeypot: "http://spam.example");
        Assert.Equal(SpamVerdict.Reject, result.Verdict);
        Assert.Equal(["honeypot"], result.Reasons);
        Assert.Equal(1, result.SpamProbability);
    }

    [Fact]
    public async Task A_honeypot_with_only_whitespace_counts_as_empty()
    {
        Assert.Equal(SpamVerdict.Publish, (await _kit.CheckAsync(Ordinary, honeypot: "  ")).Verdict);
    }

    [Theory]
    [InlineData(0.4, SpamVerdict.Reject)]
    [InlineData(2.9, SpamVerdict.Reject)]
    [InlineData(-5, SpamVerdict.Reject)]
    [InlineData(3, SpamVerdict.Publish)]
    [InlineData(20, SpamVerdict.Publish)]
    public async Task Forms_sent_back_faster_than_three_seconds_are_rejected(double seconds, SpamVerdict expected)
    {
        var result = await _kit.CheckAsync(Ordinary, seconds: seconds);
        Assert.Equal(expected, result.Verdict);
        Assert.Equal(expected == SpamVerdict.Reject, result.Reasons.Contains("too-fast"));
    }

    [Fact]
    public async Task A_form_older_than_three_days_is_held()
    {
        var result = await _kit.CheckAsync(Ordinary, seconds: TimeSpan.FromHours(80).TotalSeconds);
        Assert.Equal(SpamVerdict.Hold, result.Verdict);
        Assert.Equal(["form-stale"], result.Reasons);
    }

    [Fact]
    public async Task One_link_is_fine_two_links_hold_the_comment()
    {
        var one = await _kit.CheckAsync("Mehr dazu hier: https://de.wikipedia.org/wiki/Bauhaus", email: "one@example.org", ip: "198.51.100.1");
        Assert.Equal(SpamVerdict.Publish, one.Verdict);

        var two = await _kit.CheckAsync("Siehe [den Artikel](https://www.zeit.de/kultur) und www.nachtkritik.de/archiv", email: "two@example.org", ip: "198.51.100.2");
        Assert.Equal(SpamVerdict.Hold, two.Verdict);
        Assert.Equal(["links:2"], two.Reasons);

        var three = await _kit.CheckAsync("<a href=\"http://a.example\">a</a> [url=http://b.example]b[/url] http://c.example", email: "three@example.org", ip: "198.51.100.3");
        Assert.Equal(SpamVerdict.Hold, three.Verdict);
        Assert.Contains("links:3", three.Reasons);
    }

    [Fact]
    public async Task The_website_field_is_not_counted_as_a_link()
    {
        var result = await _kit.CheckAsync("Schöner Beitrag, siehe auch https://theaterliebe.example/blog", website: "https://theaterliebe.example");
        Assert.Equal(SpamVerdict.Publish, result.Verdict);
    }

    [Fact]
    public async Task A_strong_spam_phrase_holds_two_reject()
    {
        var held = await _kit.CheckAsync("Where can I get Viagra for the interval?", email: "p1@example.org", ip: "198.51.100.11");
        Assert.Equal(SpamVerdict.Hold, held.Verdict);
        Assert.Equal(["phrase:viagra"], held.Reasons);

        var rejected = await _kit.CheckAsync("cheap viagra and the best online casino", email: "p2@example.org", ip: "198.51.100.12");
        Assert.Equal(SpamVerdict.Reject, rejected.Verdict);
        Assert.Contains("phrase:viagra", rejected.Reasons);
        Assert.Contains("phrase:online-casino", rejected.Reasons);
    }

    [Fact]
    public async Task Phrases_are_found_in_the_name_and_website_and_across_hyphens()
    {
        var result = await _kit.CheckAsync("Nice", name: "Best Essay Writing Service", email: "p3@example.org", ip: "198.51.100.13");
        Assert.Contains("phrase:essay-writing-service", result.Reasons);

        var site = await _kit.CheckAsync(Ordinary, website: "https://free-spins-now.example", email: "p4@example.org", ip: "198.51.100.14");
        Assert.Contains("phrase:free-spins", site.Reasons);
    }

    [Fact]
    public async Task Weak_phrases_hold_only_together_and_words_inside_words_do_not_count()
    {
        Assert.Equal(SpamVerdict.Publish, (await _kit.CheckAsync("Treffen wir uns nach der Probe im Casino?", email: "w1@example.org", ip: "198.51.100.21")).Verdict);
        Assert.Equal(SpamVerdict.Publish, (await _kit.CheckAsync("Die Ausstellung über Pornografie in der Kunst war mutig.", email: "w2@example.org", ip: "198.51.100.22")).Verdict);
        var both = await _kit.CheckAsync("Click here for the best price", email: "w3@example.org", ip: "198.51.100.23");
        Assert.Equal(SpamVerdict.Hold, both.Verdict);
        Assert.Equal(["phrase:best-price", "phrase:click-here"], both.Reasons.Order());
    }

    [Fact]
    public async Task Configured_phrases_add_to_the_list_and_weight_zero_switches_one_off()
    {
        using var kit = new SpamTestKit(o =>
        {
            o.Phrases["zorbex crystals"] = 3;
            o.Phrases["viagra"] = 0;
        });
        Assert.Equal(SpamVerdict.Reject, (await kit.CheckAsync("Heal yourself with Zorbex-Crystals!", email: "c1@example.org")).Verdict);
        Assert.Equal(SpamVerdict.Publish, (await kit.CheckAsync("Is the play about Viagra suitable for teenagers?", email: "c2@example.org", ip: "198.51.100.9")).Verdict);
    }

    [Fact]
    public async Task Without_the_built_in_list_only_configured_phrases_count()
    {
        using var kit = new SpamTestKit(o =>
        {
            o.UseBuiltInPhrases = false;
            o.Phrases["zorbex"] = 1;
        });
        Assert.Equal(SpamVerdict.Publish, (await kit.CheckAsync("viagra casino", email: "b1@example.org")).Verdict);
        Assert.Equal(SpamVerdict.Hold, (await kit.CheckAsync("zorbex", email: "b2@example.org", ip: "198.51.100.9")).Verdict);
    }

    [Fact]
    public async Task The_sixth_comment_from_one_IPv6_64_within_ten_minutes_is_held_other_networks_are_not()
    {
        for (var i = 1; i <= 5; i++)
        {
            var ok = await _kit.CheckAsync($"Kommentar Nummer {i} zur Premiere am Samstag", email: $"p{i}@example.org", ip: $"2001:db8:1:2::{i:x}");
            Assert.Equal(SpamVerdict.Publish, ok.Verdict);
            _kit.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        // Another host of the same /64: the same network. A neighbouring /64: another one.
        var sixth = await _kit.CheckAsync("Noch ein Kommentar zur Premiere", email: "p6@example.org", ip: "2001:db8:1:2:ffff:1:2:3");
        Assert.Equal(SpamVerdict.Hold, sixth.Verdict);
        Assert.Equal(["rate-ip"], sixth.Reasons);
        var neighbour = await _kit.CheckAsync("Ein Kommentar aus dem Nachbarnetz", email: "n@example.org", ip: "2001:db8:1:3::1");
        Assert.Equal(SpamVerdict.Publish, neighbour.Verdict);

        // Ten minutes after the first ones the window has room again.
        _kit.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(SpamVerdict.Publish, (await _kit.CheckAsync("Später noch ein Gedanke zur Premiere", email: "p7@example.org", ip: "2001:db8:1:2::99")).Verdict);
    }

    [Fact]
    public async Task IPv4_addresses_count_one_by_one()
    {
        for (var i = 1; i <= 6; i++)
        {
            var result = await _kit.CheckAsync($"Frage {i} zu den Öffnungszeiten am Feiertag", email: $"v4-{i}@example.org", ip: $"192.0.2.{i}");
            Assert.Equal(SpamVerdict.Publish, result.Verdict);
        }
    }

    [Fact]
    public async Task Far_over_the_limit_comments_are_rejected()
    {
        SpamResult last = null!;
        for (var i = 1; i <= 16; i++)
        {
            last = await _kit.CheckAsync($"Flut {i} aus demselben Netz mit anderem Text", email: $"f{i}@example.org", ip: "192.0.2.77");
            if (i is > 5 and <= 15) Assert.Equal(SpamVerdict.Hold, last.Verdict);
        }
        Assert.Equal(SpamVerdict.Reject, last.Verdict);
        Assert.Contains("rate-ip", last.Reasons);
    }

    [Fact]
    public async Task The_sixth_comment_from_one_email_address_is_held_whatever_its_case()
    {
        for (var i = 1; i <= 5; i++)
        {
            await _kit.CheckAsync($"Beitrag {i} über das Ensemble und die Regie", email: "Fan@Example.org", ip: $"192.0.2.{i + 100}");
        }
        var sixth = await _kit.CheckAsync("Und noch etwas zum Bühnenbild", email: " fan@example.ORG ", ip: "192.0.2.200");
        Assert.Equal(SpamVerdict.Hold, sixth.Verdict);
        Assert.Equal(["rate-email"], sixth.Reasons);
    }

    [Fact]
    public async Task The_same_text_again_from_the_same_address_or_network_is_rejected()
    {
        const string text = "Toller Abend, vielen Dank an das ganze Ensemble!";
        Assert.Equal(SpamVerdict.Publish, (await _kit.CheckAsync(text, email: "a@example.org", ip: "192.0.2.1")).Verdict);

        _kit.Clock.Advance(TimeSpan.FromHours(2));
        var sameEmail = await _kit.CheckAsync("  toller abend,  VIELEN Dank an das ganze Ensemble! ", email: "a@example.org", ip: "192.0.2.2");
        Assert.Equal(SpamVerdict.Reject, sameEmail.Verdict);
        Assert.Equal(["repeat"], sameEmail.Reasons);
        var sameNetwork = await _kit.CheckAsync(text, email: "b@example.org", ip: "192.0.2.1");
        Assert.Equal(SpamVerdict.Reject, sameNetwork.Verdict);

        // Someone else may say the same; and after a day the same person may too.
        Assert.Equal(SpamVerdict.Publish, (await _kit.CheckAsync(text, email: "c@example.org", ip: "192.0.2.3")).Verdict);
        _kit.Clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(SpamVerdict.Publish, (await _kit.CheckAsync(text, email: "a@example.org", ip: "192.0.2.4")).Verdict);
    }

    [Fact]
    public async Task Short_texts_may_be_repeated()
    {
        Assert.Equal(SpamVerdict.Publish, (await _kit.CheckAsync("Danke!", ip: "192.0.2.50")).Verdict);
        Assert.Equal(SpamVerdict.Publish, (await _kit.CheckAsync("Danke!", ip: "192.0.2.50")).Verdict);
    }

    [Fact]
    public async Task Established_accounts_skip_the_filter_new_accounts_do_not()
    {
        var links = "Zwei Links: https://a.example und https://b.example";
        var trusted = await _kit.Filter.CheckAsync(_kit.Input(links, isGuest: false, accountAgeDays: 30));
        Assert.Equal(SpamVerdict.Publish, trusted.Verdict);
        Assert.Equal(["trusted"], trusted.Reasons);

        var brandNew = await _kit.Filter.CheckAsync(_kit.Input(links, isGuest: false, accountAgeDays: 1));
        Assert.Equal(SpamVerdict.Hold, brandNew.Verdict);
        var guest = await _kit.Filter.CheckAsync(_kit.Input(links, email: "g@example.org", ip: "192.0.2.9", accountAgeDays: 300));
        Assert.Equal(SpamVerdict.Hold, guest.Verdict); // guests are never trusted
    }

    [Fact]
    public async Task A_failing_filter_holds_and_never_publishes()
    {
        using var kit = new SpamTestKit(store: new FailingStore());
        var result = await kit.CheckAsync(Ordinary);
        Assert.Equal(SpamVerdict.Hold, result.Verdict);
        Assert.Equal(["filter-error"], result.Reasons);

        var nullInput = await kit.Filter.CheckAsync(null!);
        Assert.Equal(SpamVerdict.Hold, nullInput.Verdict);
    }

    [Fact]
    public async Task A_cancelled_check_throws_instead_of_deciding()
    {
        using var kit = new SpamTestKit(store: new FailingStore(cancel: true));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kit.Filter.CheckAsync(kit.Input(Ordinary), cts.Token));
    }

    [Fact]
    public async Task Several_findings_are_all_reported_and_the_strictest_wins()
    {
        var result = await _kit.CheckAsync("cheap viagra https://a.example https://b.example", seconds: TimeSpan.FromHours(100).TotalSeconds);
        Assert.Equal(SpamVerdict.Hold, result.Verdict);
        Assert.Equal(["form-stale", "links:2", "phrase:viagra"], result.Reasons);
    }

    private sealed class FailingStore(bool cancel = false) : ISpamModelStore
    {
        private Task<T> Fail<T>(CancellationToken ct)
        {
            if (cancel) ct.ThrowIfCancellationRequested();
            throw new InvalidOperationException("The database is gone.");
        }

        public Task<SpamModelSnapshot> GetAsync(IReadOnlyCollection<string> tokens, CancellationToken ct = default) => Fail<SpamModelSnapshot>(ct);
        public Task AddAsync(IReadOnlyCollection<string> tokens, bool isSpam, int delta, CancellationToken ct = default) => Fail<bool>(ct);
        public Task<bool> IsEmptyAsync(CancellationToken ct = default) => Fail<bool>(ct);
        public Task<bool> SeedAsync(SpamModelSnapshot model, CancellationToken ct = default) => Fail<bool>(ct);
    }
}

/// <summary>The decision rules without a filter around them: the classifier thresholds in particular.</summary>
public sealed class SpamRulesTests
{
    private static readonly SpamOptions Defaults = new();

    private static SpamSignals Signals(double? probability, int links = 0) =>
        new(false, 30, new SpamActivity(1, 1, false), links, [], probability);

    [Theory]
    [InlineData(0.1, SpamVerdict.Publish)]
    [InlineData(0.899, SpamVerdict.Publish)]
    [InlineData(0.9, SpamVerdict.Hold)]
    [InlineData(0.97, SpamVerdict.Hold)]
    [InlineData(0.995, SpamVerdict.Reject)]
    [InlineData(1.0, SpamVerdict.Reject)]
    public void The_classifier_holds_from_090_and_rejects_from_0995(double probability, SpamVerdict expected)
    {
        var result = SpamRules.Decide(Signals(probability), Defaults);
        Assert.Equal(expected, result.Verdict);
        Assert.Equal(probability, result.SpamProbability);
    }

    [Fact]
    public void The_classifier_reason_carries_its_probability_rounded_down()
    {
        Assert.Equal(["classifier:0.97"], SpamRules.Decide(Signals(0.9704), Defaults).Reasons);
        Assert.Equal(["classifier:0.999"], SpamRules.Decide(Signals(0.99995), Defaults).Reasons);
    }

    [Fact]
    public void Certain_bots_are_decided_without_the_classifier()
    {
        var bot = new SpamSignals(true, 1, new SpamActivity(1, 1, true), 0, [], null);
        Assert.True(SpamRules.IsCertainBot(bot, Defaults));
        var result = SpamRules.Decide(bot, Defaults);
        Assert.Equal(SpamVerdict.Reject, result.Verdict);
        Assert.Equal(["honeypot", "too-fast", "repeat"], result.Reasons);
        Assert.False(SpamRules.IsCertainBot(Signals(null), Defaults));
    }

    [Fact]
    public void A_low_probability_does_not_undo_a_rule()
    {
        var result = SpamRules.Decide(Signals(0.01, links: 4), Defaults);
        Assert.Equal(SpamVerdict.Hold, result.Verdict);
        Assert.Equal(["links:4"], result.Reasons);
    }

    [Fact]
    public void Inconsistent_settings_are_reported()
    {
        Assert.Null(new SpamOptions().Problem());
        Assert.NotNull(new SpamOptions { HoldThreshold = 0.99, RejectThreshold = 0.9 }.Problem());
        Assert.NotNull(new SpamOptions { MaxPerIp = 0 }.Problem());
        Assert.NotNull(new SpamOptions { LinksToHold = 0 }.Problem());
        var negative = new SpamOptions();
        negative.Phrases["x"] = -1;
        Assert.NotNull(negative.Problem());
    }
}
