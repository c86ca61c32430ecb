using Foyer.Web.Features.Blogs.Spam;

namespace Foyer.Tests.Features.Blogs.Spam;

public sealed class NaiveBayesClassifierTests
{
    [Fact]
    public async Task An_empty_model_says_nothing()
    {
        var classifier = new NaiveBayesClassifier(new InMemorySpamModelStore());
        Assert.Equal(0.5, await classifier.ProbabilityAsync("anything at all"));
    }

    [Fact]
    public async Task It_learns_spam_and_ham_from_training()
    {
        var classifier = new NaiveBayesClassifier(new InMemorySpamModelStore());
        await classifier.TrainAsync("cheap pills online, fast shipping, best price", isSpam: true);
        await classifier.TrainAsync("buy cheap pills now, discreet shipping", isSpam: true);
        await classifier.TrainAsync("Die Inszenierung war großartig, besonders das Bühnenbild", isSpam: false);
        await classifier.TrainAsync("Wann ist das Museum am Feiertag geöffnet?", isSpam: false);

        Assert.True(await classifier.ProbabilityAsync("cheap pills with fast shipping") > 0.9);
        Assert.True(await classifier.ProbabilityAsync("Das Bühnenbild der Inszenierung hat mir gefallen") < 0.1);
    }

    [Fact]
    public async Task Untraining_takes_a_decision_back_exactly()
    {
        var store = new InMemorySpamModelStore();
        var classifier = new NaiveBayesClassifier(store);
        await classifier.TrainAsync("cheap pills online", true);
        await classifier.TrainAsync("Schöne Premiere gestern", false);
        var before = await classifier.ProbabilityAsync("pills premiere");
        var tokensBefore = store.TokenCount;

        await classifier.TrainAsync("Premiere pills Gewinnspiel", true);
        Assert.NotEqual(before, await classifier.ProbabilityAsync("pills premiere"));
        await classifier.UntrainAsync("Premiere pills Gewinnspiel", true);

        Assert.Equal(before, await classifier.ProbabilityAsync("pills premiere"), 12);
        Assert.Equal(tokensBefore, store.TokenCount);
        var model = await store.GetAsync(["pills", "gewinnspiel"]);
        Assert.Equal((1, 1), (model.SpamDocuments, model.HamDocuments));
        Assert.Equal(new SpamTokenCounts(1, 0), model.Tokens["pills"]);
        Assert.False(model.Tokens.ContainsKey("gewinnspiel"));
    }

    [Fact]
    public async Task Untraining_more_than_was_trained_stays_at_zero()
    {
        var store = new InMemorySpamModelStore();
        var classifier = new NaiveBayesClassifier(store);
        await classifier.UntrainAsync("never trained", true);
        var model = await store.GetAsync(["never", "trained"]);
        Assert.Equal(0, model.SpamDocuments);
        Assert.Empty(model.Tokens);
    }

    [Fact]
    public void Features_the_model_never_saw_do_not_count()
    {
        var model = new SpamModelSnapshot(10, 10, new Dictionary<string, SpamTokenCounts> { ["pills"] = new(8, 0) });
        var withUnknown = NaiveBayesClassifier.Probability(model, ["pills", "zzz", "yyy", "xxx"]);
        Assert.Equal(NaiveBayesClassifier.Probability(model, ["pills"]), withUnknown);
        Assert.Equal(0.5, NaiveBayesClassifier.Probability(model, ["zzz"]));
    }

    [Fact]
    public void Probabilities_stay_finite_for_long_one_sided_comments()
    {
        var tokens = Enumerable.Range(0, 500).Select(i => "t" + i).ToList();
        var spam = new SpamModelSnapshot(1000, 1000, tokens.ToDictionary(t => t, _ => new SpamTokenCounts(1000, 0)));
        var ham = new SpamModelSnapshot(1000, 1000, tokens.ToDictionary(t => t, _ => new SpamTokenCounts(0, 1000)));
        Assert.Equal(1, NaiveBayesClassifier.Probability(spam, tokens), 9);
        Assert.Equal(0, NaiveBayesClassifier.Probability(ham, tokens), 9);
        Assert.False(double.IsNaN(NaiveBayesClassifier.Probability(spam, tokens)));
    }

    [Fact]
    public async Task A_new_spam_pattern_gets_held_after_a_few_moderator_decisions()
    {
        using var kit = new SpamTestKit(seed: true);
        // A campaign without links or known phrases: nothing the starter model could know.
        var pattern = (int i) => new SpamDocument(
            $"Schöner Abend gestern! Wer singen lernen will: Zorbex Stimmtraining in Kassel, Kurs {i} beginnt im Mai.", "Zorbex");
        var probe = pattern(99);

        var first = await kit.Filter.CheckAsync(kit.Input(probe.Text, name: probe.Name!, email: "probe1@example.org", ip: "192.0.2.1"));
        Assert.Equal(SpamVerdict.Publish, first.Verdict); // nothing known about it yet

        for (var i = 0; i < 4; i++) await kit.Filter.TrainAsync(pattern(i), isSpam: true);

        var later = await kit.Filter.CheckAsync(kit.Input(probe.Text + " ", name: probe.Name!, email: "probe2@example.org", ip: "192.0.2.2"));
        Assert.NotEqual(SpamVerdict.Publish, later.Verdict);
        Assert.Contains(later.Reasons, r => r.StartsWith("classifier:", StringComparison.Ordinal));
        Assert.True(later.SpamProbability > first.SpamProbability);

        // An ordinary comment is still published.
        var ordinary = await kit.Filter.CheckAsync(kit.Input("Wunderbarer Abend, danke an das Ensemble!", email: "fan@example.org", ip: "192.0.2.3"));
        Assert.Equal(SpamVerdict.Publish, ordinary.Verdict);
    }

    [Fact]
    public async Task A_reversed_decision_moves_the_comment_from_one_side_to_the_other()
    {
        var store = new InMemorySpamModelStore();
        using var kit = new SpamTestKit(store: store);
        var comment = new SpamDocument("Kommt ihr auch zum Sommerfest im Park?");
        await kit.Filter.TrainAsync(comment, isSpam: true);
        await kit.Filter.RelabelAsync(comment, isSpam: false);

        var model = await store.GetAsync(["sommerfest"]);
        Assert.Equal((0, 1), (model.SpamDocuments, model.HamDocuments));
        Assert.Equal(new SpamTokenCounts(0, 1), model.Tokens["sommerfest"]);
    }

    [Fact]
    public async Task The_explanation_lists_the_deciding_features_strongest_first()
    {
        using var kit = new SpamTestKit(seed: true);
        var weights = await kit.Filter.ExplainAsync(new SpamDocument("buy cheap viagra http://a.example/viagra", "Pills", null, "https://cheap-pills-now.example"));
        Assert.NotEmpty(weights);
        Assert.True(weights.Count <= NaiveBayesClassifier.MaxFeatures);
        Assert.Equal(weights.OrderByDescending(w => Math.Abs(w.Weight)).Select(w => w.Token), weights.Select(w => w.Token));
        Assert.True(weights.Sum(w => w.Weight) > 0);
    }
}
