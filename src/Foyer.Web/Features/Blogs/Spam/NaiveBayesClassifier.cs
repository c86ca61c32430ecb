namespace Foyer.Web.Features.Blogs.Spam;

/// <summary>
/// A naive Bayes spam classifier over the features of <see cref="SpamTokenizer"/>, counted once per comment
/// (a Bernoulli model that looks at the features present). With Ns spam and Nh ham comments trained, a feature seen
/// in s spam and h ham comments weighs log(P(t|spam) / P(t|ham)) with Laplace smoothing,
/// P(t|spam) = (s + 1) / (Ns + 2). Features the model never saw are left out; of the others the
/// <see cref="MaxFeatures"/> with the strongest weights count, so a long comment cannot win by the mass of weak words.
/// All sums are in log space; the result is turned into a probability only at the end.
/// </summary>
public sealed class NaiveBayesClassifier(ISpamModelStore store)
{
    /// <summary>How many of a comment's known features decide, strongest first.</summary>
    public const int MaxFeatures = 40;

    public Task TrainAsync(string text, bool isSpam, CancellationToken ct = default) => TrainAsync(new SpamDocument(text), isSpam, ct);

    public Task TrainAsync(SpamDocument document, bool isSpam, CancellationToken ct = default) =>
        store.AddAsync(SpamTokenizer.Tokenize(document).ToList(), isSpam, 1, ct);

    /// <summary>Takes back an earlier <see cref="TrainAsync(SpamDocument, bool, CancellationToken)"/> with the same label.</summary>
    public Task UntrainAsync(string text, bool wasSpam, CancellationToken ct = default) => UntrainAsync(new SpamDocument(text), wasSpam, ct);

    public Task UntrainAsync(SpamDocument document, bool wasSpam, CancellationToken ct = default) =>
        store.AddAsync(SpamTokenizer.Tokenize(document).ToList(), wasSpam, -1, ct);

    public Task<double> ProbabilityAsync(string text, CancellationToken ct = default) => ProbabilityAsync(new SpamDocument(text), ct);

    /// <summary>The probability that the comment is spam; 0.5 while the model knows no spam or no ham at all.</summary>
    public async Task<double> ProbabilityAsync(SpamDocument document, CancellationToken ct = default)
    {
        var tokens = SpamTokenizer.Tokenize(document);
        var model = await store.GetAsync(tokens.ToList(), ct);
        return Probability(model, tokens);
    }

    public static double Probability(SpamModelSnapshot model, IEnumerable<string> tokens)
    {
        if (model.SpamDocuments == 0 || model.HamDocuments == 0) return 0.5;
        var logOdds = Math.Log(model.SpamDocuments + 1.0) - Math.Log(model.HamDocuments + 1.0);
        logOdds += Weights(model, tokens).Sum(w => w.Weight);
        return 1 / (1 + Math.Exp(-logOdds));
    }

    /// <summary>The features that decide, strongest first, with their log-likelihood ratios (positive = spam).</summary>
    public static IReadOnlyList<(string Token, double Weight)> Weights(SpamModelSnapshot model, IEnumerable<string> tokens)
    {
        var logSpamDocs = Math.Log(model.SpamDocuments + 2.0);
        var logHamDocs = Math.Log(model.HamDocuments + 2.0);
        var weights = new List<(string, double)>();
        foreach (var token in tokens)
        {
            if (!model.Tokens.TryGetValue(token, out var c) || c is { Spam: 0, Ham: 0 }) continue;
            weights.Add((token, Math.Log(c.Spam + 1.0) - logSpamDocs - (Math.Log(c.Ham + 1.0) - logHamDocs)));
        }
        return weights.OrderByDescending(w => Math.Abs(w.Item2)).ThenBy(w => w.Item1, StringComparer.Ordinal).Take(MaxFeatures).ToList();
    }

    /// <summary>Why the classifier thinks what it thinks: the deciding features of a comment, strongest first.</summary>
    public async Task<IReadOnlyList<(string Token, double Weight)>> ExplainAsync(SpamDocument document, CancellationToken ct = default)
    {
        var tokens = SpamTokenizer.Tokenize(document);
        return Weights(await store.GetAsync(tokens.ToList(), ct), tokens);
    }

    /// <summary>A whole model from labelled comments at once, for seeding an empty store.</summary>
    public static SpamModelSnapshot BuildModel(IEnumerable<(SpamDocument Document, bool IsSpam)> corpus)
    {
        var tokens = new Dictionary<string, SpamTokenCounts>(StringComparer.Ordinal);
        int spam = 0, ham = 0;
        foreach (var (document, isSpam) in corpus)
        {
            if (isSpam) spam++;
            else ham++;
            foreach (var token in SpamTokenizer.Tokenize(document))
            {
                tokens.TryGetValue(token, out var c);
                tokens[token] = isSpam ? c with { Spam = c.Spam + 1 } : c with { Ham = c.Ham + 1 };
            }
        }
        return new SpamModelSnapshot(spam, ham, tokens);
    }
}
