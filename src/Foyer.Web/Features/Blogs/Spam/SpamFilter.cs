using Foyer.Web.Features.Accounts;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.Blogs.Spam;

/// <summary>
/// The in-house spam filter for blog comments of guests and new accounts. Nothing leaves the server.
/// <see cref="CheckAsync"/> gathers the signals of a submission and lets <see cref="SpamRules.Decide"/> judge them:
/// <list type="number">
/// <item>certain bots are rejected without asking the classifier: honeypot filled, sent back too fast, the same text
///   again from the same address or network;</item>
/// <item>rate limits per network and e-mail address, two or more links, known spam phrases and stale forms hold
///   (too far over a limit, or strong phrases together, reject);</item>
/// <item>the naive Bayes classifier holds above <see cref="SpamOptions.HoldThreshold"/> and rejects above
///   <see cref="SpamOptions.RejectThreshold"/>;</item>
/// <item>the strictest verdict wins; with no finding the comment is published.</item>
/// </list>
/// If anything throws, the comment is held with "filter-error": a failing filter never publishes.
/// Moderators' decisions train the classifier through <see cref="TrainAsync(SpamDocument, bool, CancellationToken)"/>.
/// </summary>
public sealed class SpamFilter(
    TimeProvider time,
    IOptions<SpamOptions> options,
    ISpamModelStore store,
    SpamActivityTracker activity,
    SpamModelSeeder seeder,
    ILogger<SpamFilter> logger)
{
    private readonly NaiveBayesClassifier _classifier = new(store);

    public async Task<SpamResult> CheckAsync(SpamCheckInput input, CancellationToken ct = default)
    {
        try
        {
            return await CheckCoreAsync(input, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            logger.LogError(e, "The spam filter failed; the comment is held for moderation.");
            return new SpamResult(SpamVerdict.Hold, [SpamReasons.FilterError], 0.5);
        }
    }

    private async Task<SpamResult> CheckCoreAsync(SpamCheckInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = options.Value;
        if (!input.IsGuest && input.AccountAgeDays >= o.TrustedAccountAgeDays)
        {
            return new SpamResult(SpamVerdict.Publish, [SpamReasons.Trusted], 0);
        }

        var network = input.RemoteIp is null ? null : LoginThrottle.NetworkKey(input.RemoteIp);
        var signals = new SpamSignals(
            HoneypotFilled: !string.IsNullOrWhiteSpace(input.HoneypotValue),
            SecondsToSubmit: (input.SubmittedAt - input.RenderedAt).TotalSeconds,
            Activity: activity.Record(network, input.Email, input.Text, time.GetUtcNow().UtcDateTime),
            Links: SpamTokenizer.CountLinks(input.Text),
            Phrases: SpamPhrases.For(o).Find(string.Join('\n', input.Name, input.Website, input.Text)),
            Probability: null);
        if (SpamRules.IsCertainBot(signals, o)) return SpamRules.Decide(signals, o);

        // A member's name and address are known to the organisation: for a new account only the text is judged.
        await seeder.EnsureSeededAsync(store, ct);
        var probability = await _classifier.ProbabilityAsync(input.IsGuest ? input.ToDocument() : new SpamDocument(input.Text), ct);
        return SpamRules.Decide(signals with { Probability = probability }, o);
    }

    /// <summary>A moderator's decision: "spam" trains spam, approving trains ham.</summary>
    public async Task TrainAsync(SpamDocument document, bool isSpam, CancellationToken ct = default)
    {
        await seeder.EnsureSeededAsync(store, ct);
        await _classifier.TrainAsync(document, isSpam, ct);
    }

    public Task TrainAsync(string text, bool isSpam, CancellationToken ct = default) => TrainAsync(new SpamDocument(text), isSpam, ct);

    /// <summary>Takes back an earlier decision, e.g. when a comment marked spam is deleted from the spam list.</summary>
    public async Task UntrainAsync(SpamDocument document, bool wasSpam, CancellationToken ct = default)
    {
        await seeder.EnsureSeededAsync(store, ct);
        await _classifier.UntrainAsync(document, wasSpam, ct);
    }

    /// <summary>A decision reversed: the old label is taken back and the new one trained.</summary>
    public async Task RelabelAsync(SpamDocument document, bool isSpam, CancellationToken ct = default)
    {
        await UntrainAsync(document, !isSpam, ct);
        await _classifier.TrainAsync(document, isSpam, ct);
    }

    /// <summary>The features that moved the classifier most for a comment, for the moderation queue.</summary>
    public async Task<IReadOnlyList<(string Token, double Weight)>> ExplainAsync(SpamDocument document, CancellationToken ct = default)
    {
        await seeder.EnsureSeededAsync(store, ct);
        return await _classifier.ExplainAsync(document, ct);
    }

    /// <summary>The classifier's spam probability for a text, for the moderation queue and tests.</summary>
    public async Task<double> ProbabilityAsync(SpamDocument document, CancellationToken ct = default)
    {
        await seeder.EnsureSeededAsync(store, ct);
        return await _classifier.ProbabilityAsync(document, ct);
    }
}

/// <summary>Everything the rules judge about one submission.</summary>
/// <param name="Phrases">Known spam phrases found, as reason codes with weights.</param>
/// <param name="Probability">The classifier's spam probability; null when it was not asked.</param>
public sealed record SpamSignals(
    bool HoneypotFilled,
    double SecondsToSubmit,
    SpamActivity Activity,
    int Links,
    IReadOnlyList<(string Code, double Weight)> Phrases,
    double? Probability);

/// <summary>The decision rules, free of I/O and clocks, so each can be tested alone.</summary>
public static class SpamRules
{
    /// <summary>Signals only bots produce: the comment is rejected whatever the classifier would say.</summary>
    public static bool IsCertainBot(SpamSignals s, SpamOptions o) =>
        s.HoneypotFilled || s.SecondsToSubmit < o.MinSecondsToSubmit || s.Activity.IsRepeat;

    public static SpamResult Decide(SpamSignals s, SpamOptions o)
    {
        var verdict = SpamVerdict.Publish;
        var reasons = new List<string>();
        void Find(SpamVerdict v, string reason)
        {
            reasons.Add(reason);
            if (v > verdict) verdict = v;
        }

        if (s.HoneypotFilled) Find(SpamVerdict.Reject, SpamReasons.Honeypot);
        if (s.SecondsToSubmit < o.MinSecondsToSubmit) Find(SpamVerdict.Reject, SpamReasons.TooFast);
        if (s.Activity.IsRepeat) Find(SpamVerdict.Reject, SpamReasons.Repeat);
        if (verdict == SpamVerdict.Reject && s.Probability is null) return new SpamResult(verdict, reasons, 1);

        if (s.SecondsToSubmit > o.MaxFormAgeHours * 3600) Find(SpamVerdict.Hold, SpamReasons.FormStale);
        if (s.Activity.FromNetwork > o.MaxPerIp)
        {
            Find(s.Activity.FromNetwork > o.MaxPerIp * o.RateRejectFactor ? SpamVerdict.Reject : SpamVerdict.Hold, SpamReasons.RateIp);
        }
        if (s.Activity.FromEmail > o.MaxPerEmail)
        {
            Find(s.Activity.FromEmail > o.MaxPerEmail * o.RateRejectFactor ? SpamVerdict.Reject : SpamVerdict.Hold, SpamReasons.RateEmail);
        }
        if (s.Links >= o.LinksToHold) Find(SpamVerdict.Hold, SpamReasons.LinksPrefix + s.Links);

        var phraseWeight = s.Phrases.Sum(p => p.Weight);
        if (phraseWeight >= o.PhraseHoldWeight)
        {
            var v = phraseWeight >= o.PhraseRejectWeight ? SpamVerdict.Reject : SpamVerdict.Hold;
            foreach (var (code, _) in s.Phrases) Find(v, code);
        }

        if (s.Probability is { } p && p >= o.HoldThreshold)
        {
            Find(p >= o.RejectThreshold ? SpamVerdict.Reject : SpamVerdict.Hold, SpamReasons.ClassifierPrefix + SpamTokenizer.Format(Math.Floor(p * 1000) / 1000));
        }
        return new SpamResult(verdict, reasons, s.Probability ?? (verdict == SpamVerdict.Reject ? 1 : 0));
    }
}
