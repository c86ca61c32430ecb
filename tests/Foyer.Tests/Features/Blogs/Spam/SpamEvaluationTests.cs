using Foyer.Web.Features.Blogs.Spam;

namespace Foyer.Tests.Features.Blogs.Spam;

/// <summary>
/// Guards the filter's quality: the same evaluation as bench/Foyer.SpamEval (starter model plus half the labelled
/// set, the other half judged as live submissions) must keep precision >= 0.98 and recall >= 0.9.
/// </summary>
public sealed class SpamEvaluationTests
{
    public static string SetPath => Path.Combine(AppContext.BaseDirectory, "Features", "Blogs", "Spam", SpamEvaluation.FileName);

    [Fact]
    public void The_evaluation_set_has_at_least_300_labelled_comments_in_both_languages()
    {
        var set = SpamEvaluation.Load(SetPath);
        Assert.True(set.Count >= 300, $"only {set.Count} comments");
        var ham = set.Count(c => !c.IsSpam) / (double)set.Count;
        Assert.InRange(ham, 0.5, 0.6);
        foreach (var isSpam in new[] { true, false })
        {
            var languages = set.Where(c => c.IsSpam == isSpam).Select(c => SpamTokenizer.Tokenize(c.Document)).ToList();
            Assert.True(languages.Count(t => t.Contains("lang:de")) >= 20, $"German {(isSpam ? "spam" : "ham")}");
            Assert.True(languages.Count(t => t.Contains("lang:en")) >= 20, $"English {(isSpam ? "spam" : "ham")}");
        }
        Assert.Equal(set.Count, set.Select(c => c.Text).Distinct().Count());
    }

    [Fact]
    public async Task The_filter_meets_its_precision_and_recall_goals_on_the_held_out_half()
    {
        var report = await SpamEvaluation.RunAsync(SpamEvaluation.Load(SetPath));
        Assert.True(report.MeetsGoals, report.Format(listMistakes: true));
        Assert.Equal(report.HeldOutHam + report.HeldOutSpam, report.Verdicts.Values.Sum());
    }

    [Fact]
    public async Task The_goals_hold_with_the_halves_swapped_too()
    {
        var report = await SpamEvaluation.RunAsync(SpamEvaluation.Load(SetPath), swap: true);
        Assert.True(report.MeetsGoals, report.Format(listMistakes: true));
    }
}
