using System.Globalization;
using System.Net;
using System.Text;
using Foyer.Web.Features.Blogs.Spam;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Foyer.Tests.Features.Blogs.Spam;

/// <summary>One comment of the evaluation set with its true label.</summary>
public sealed record LabelledComment(bool IsSpam, string Name, string Email, string? Website, string Text)
{
    public SpamDocument Document => new(Text, Name, Email, Website);
}

/// <summary>Counts of a yes/no decision where "held or rejected" is positive and spam is the truth to find.</summary>
public sealed record Confusion(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>Of the comments kept from publication, the share that was spam.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);

    /// <summary>Of the spam, the share kept from publication.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : TruePositives / (double)(TruePositives + FalseNegatives);

    public Confusion Add(bool isSpam, bool positive) => (isSpam, positive) switch
    {
        (true, true) => this with { TruePositives = TruePositives + 1 },
        (false, true) => this with { FalsePositives = FalsePositives + 1 },
        (false, false) => this with { TrueNegatives = TrueNegatives + 1 },
        _ => this with { FalseNegatives = FalseNegatives + 1 },
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"TP {TruePositives,3}  FP {FalsePositives,3}  TN {TrueNegatives,3}  FN {FalseNegatives,3}   precision {Precision:0.000}  recall {Recall:0.000}");
}

public sealed record SpamEvaluationReport(
    int TrainingHam,
    int TrainingSpam,
    int HeldOutHam,
    int HeldOutSpam,
    Confusion Filter,
    Confusion Classifier,
    IReadOnlyDictionary<SpamVerdict, int> Verdicts,
    IReadOnlyList<double> HamProbabilities,
    IReadOnlyList<double> SpamProbabilities,
    IReadOnlyList<string> Mistakes)
{
    public bool MeetsGoals => Filter.Precision >= SpamEvaluation.PrecisionGoal && Filter.Recall >= SpamEvaluation.RecallGoal;

    public string Format(bool listMistakes)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Training:  {TrainingHam} ham + {TrainingSpam} spam of the evaluation set, after the starter corpus");
        s.AppendLine(CultureInfo.InvariantCulture, $"Held out:  {HeldOutHam} ham + {HeldOutSpam} spam (positive = held or rejected)");
        s.AppendLine(CultureInfo.InvariantCulture, $"Full filter:      {Filter}");
        s.AppendLine(CultureInfo.InvariantCulture, $"Classifier alone: {Classifier}");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"Verdicts: {string.Join(", ", Verdicts.OrderBy(v => v.Key).Select(v => $"{v.Key} {v.Value}"))}");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"Classifier on ham:  max {HamProbabilities.Max():0.0000}, above 0.5: {HamProbabilities.Count(p => p >= 0.5)}, above 0.9: {HamProbabilities.Count(p => p >= 0.9)}");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"Classifier on spam: median {SpamProbabilities.Order().ElementAt(SpamProbabilities.Count / 2):0.0000}, at least 0.9: {SpamProbabilities.Count(p => p >= 0.9)}, 0.995: {SpamProbabilities.Count(p => p >= 0.995)}, 0.999: {SpamProbabilities.Count(p => p >= 0.999)}, 0.9999: {SpamProbabilities.Count(p => p >= 0.9999)}");
        s.AppendLine(CultureInfo.InvariantCulture,
            $"Goal precision >= {SpamEvaluation.PrecisionGoal:0.00}, recall >= {SpamEvaluation.RecallGoal:0.00}: {(MeetsGoals ? "met" : "MISSED")}");
        if (listMistakes)
        {
            foreach (var m in Mistakes) s.AppendLine(m);
        }
        return s.ToString();
    }
}

/// <summary>
/// Measures the spam filter on the labelled evaluation set: a fresh in-memory model is seeded with the starter corpus
/// and trained on every second comment of each label (as moderators would), then the full filter judges the other
/// half as it would live submissions: guests, 20 to 120 seconds from form to submit, one network each, empty honeypot,
/// two minutes apart. Deterministic: the same set gives the same figures.
/// </summary>
public static class SpamEvaluation
{
    public const double PrecisionGoal = 0.98;
    public const double RecallGoal = 0.9;
    public const string FileName = "evaluation-set.tsv";

    public static IReadOnlyList<LabelledComment> Load(string path)
    {
        var result = new List<LabelledComment>();
        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            if (f.Length != 5 || f[0] is not ("spam" or "ham") || string.IsNullOrWhiteSpace(f[4]))
            {
                throw new FormatException($"{path}:{number}: expected label<TAB>name<TAB>email<TAB>website<TAB>text with label spam or ham.");
            }
            result.Add(new LabelledComment(f[0] == "spam", SpamModelSeeder.Unescape(f[1]), SpamModelSeeder.Unescape(f[2]),
                f[3].Length == 0 ? null : SpamModelSeeder.Unescape(f[3]), SpamModelSeeder.Unescape(f[4])));
        }
        return result;
    }

    /// <summary>
    /// Every second comment of each label (the 1st, 3rd ...) trains; the others are held out. <paramref name="swap"/>
    /// exchanges the halves, for a second opinion (two-fold cross-validation).
    /// </summary>
    public static (IReadOnlyList<LabelledComment> Training, IReadOnlyList<LabelledComment> HeldOut) Split(IReadOnlyList<LabelledComment> set, bool swap = false)
    {
        var training = new List<LabelledComment>();
        var heldOut = new List<LabelledComment>();
        int spam = 0, ham = 0;
        foreach (var c in set)
        {
            var index = c.IsSpam ? spam++ : ham++;
            (index % 2 == (swap ? 1 : 0) ? training : heldOut).Add(c);
        }
        return (training, heldOut);
    }

    public static async Task<SpamEvaluationReport> RunAsync(IReadOnlyList<LabelledComment> set, SpamOptions? options = null, bool swap = false, bool explain = false,
        bool starterOnly = false)
    {
        var o = Options.Create(options ?? new SpamOptions());
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var store = new InMemorySpamModelStore();
        using var seeder = new SpamModelSeeder(o);
        var filter = new SpamFilter(clock, o, store, new SpamActivityTracker(o), seeder, NullLogger<SpamFilter>.Instance);

        var (training, heldOut) = Split(set, swap);
        if (starterOnly) training = [];
        await seeder.EnsureSeededAsync(store);
        foreach (var c in training) await filter.TrainAsync(c.Document, c.IsSpam);

        var full = new Confusion(0, 0, 0, 0);
        var classifierAlone = full;
        var verdicts = Enum.GetValues<SpamVerdict>().ToDictionary(v => v, _ => 0);
        var mistakes = new List<string>();
        var hamProbabilities = new List<double>();
        var spamProbabilities = new List<double>();
        for (var i = 0; i < heldOut.Count; i++)
        {
            var c = heldOut[i];
            clock.Advance(TimeSpan.FromMinutes(2));
            var now = clock.GetUtcNow().UtcDateTime;
            var input = new SpamCheckInput(c.Name, c.Email, c.Website, c.Text, AddressOf(i),
                RenderedAt: now.AddSeconds(-(20 + i * 37 % 101)), SubmittedAt: now, HoneypotValue: "", IsGuest: true, AccountAgeDays: null);
            var result = await filter.CheckAsync(input);
            var probability = await filter.ProbabilityAsync(c.Document);
            (c.IsSpam ? spamProbabilities : hamProbabilities).Add(probability);
            var positive = result.Verdict != SpamVerdict.Publish;
            full = full.Add(c.IsSpam, positive);
            classifierAlone = classifierAlone.Add(c.IsSpam, probability >= o.Value.HoldThreshold);
            verdicts[result.Verdict]++;
            if (positive != c.IsSpam)
            {
                var text = c.Text.Length > 110 ? c.Text[..110] + "…" : c.Text;
                mistakes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"  {(c.IsSpam ? "missed spam" : "held ham   ")} p={probability:0.000} {result.Verdict} [{string.Join(' ', result.Reasons)}] {c.Name}: {text.ReplaceLineEndings(" ")}"));
                if (explain)
                {
                    var weights = await filter.ExplainAsync(c.Document);
                    mistakes.Add("      " + string.Join("  ", weights.Take(14).Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Token} {w.Weight:+0.00;-0.00}"))));
                }
            }
        }
        return new SpamEvaluationReport(training.Count(c => !c.IsSpam), training.Count(c => c.IsSpam),
            heldOut.Count(c => !c.IsSpam), heldOut.Count(c => c.IsSpam), full, classifierAlone, verdicts,
            hamProbabilities, spamProbabilities, mistakes);
    }

    /// <summary>A different network for every submission, a third of them IPv6.</summary>
    private static IPAddress AddressOf(int i) => i % 3 == 0
        ? IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"2001:db8:{i:x}:1::{i % 7 + 1}"))
        : new IPAddress([198, 51, (byte)(i / 250), (byte)(i % 250 + 1)]);

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
