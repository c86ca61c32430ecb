using Foyer.Web.Features.Blogs.Spam;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Foyer.Tests.Features.Blogs.Spam;

public sealed class SpamSetupTests
{
    private static async Task<WebApplication> BuildAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSpamFilter();
        builder.AddSpamFilter(); // twice does no harm
        var app = builder.Build();
        await Task.CompletedTask;
        return app;
    }

    [Fact]
    public async Task Settings_come_from_the_Spam_section_with_defaults_for_the_rest()
    {
        await using var app = await BuildAsync(new()
        {
            ["Spam:HoldThreshold"] = "0.8",
            ["Spam:MaxPerEmail"] = "2",
            ["Spam:Phrases:zorbex crystals"] = "3",
        });
        var o = app.Services.GetRequiredService<IOptions<SpamOptions>>().Value;
        Assert.Equal(0.8, o.HoldThreshold);
        Assert.Equal(0.995, o.RejectThreshold);
        Assert.Equal(2, o.MaxPerEmail);
        Assert.Equal(5, o.MaxPerIp);
        Assert.Equal(3, o.MinSecondsToSubmit);
        Assert.Equal(3, o.Phrases["Zorbex Crystals"]);
        Assert.Single(app.Services.GetServices<SpamActivityTracker>());
    }

    [Fact]
    public async Task Inconsistent_settings_are_refused()
    {
        await using var app = await BuildAsync(new() { ["Spam:HoldThreshold"] = "0.99", ["Spam:RejectThreshold"] = "0.5" });
        Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<SpamOptions>>().Value);
    }

    [Fact]
    public void The_starter_corpus_is_embedded_has_both_languages_and_differs_from_the_evaluation_set()
    {
        var corpus = SpamModelSeeder.StarterCorpus;
        Assert.True(corpus.Count >= 150, $"only {corpus.Count} lines");
        Assert.True(corpus.Count(c => c.IsSpam) >= 60 && corpus.Count(c => !c.IsSpam) >= 60);
        Assert.Contains(corpus, c => SpamTokenizer.Tokenize(c.Document).Contains("lang:de"));
        Assert.Contains(corpus, c => SpamTokenizer.Tokenize(c.Document).Contains("lang:en"));

        var evaluation = SpamEvaluation.Load(SpamEvaluationTests.SetPath).Select(c => c.Text).ToHashSet();
        Assert.DoesNotContain(corpus, c => evaluation.Contains(c.Document.Text));
    }

    [Fact]
    public void Corpus_lines_with_a_wrong_label_are_refused()
    {
        Assert.Throws<FormatException>(() => SpamModelSeeder.Parse(new StringReader("maybe\tsome text")));
        var parsed = SpamModelSeeder.Parse(new StringReader("# comment\n\nspam\tline one\\nline two\tName\thttps://x.example\nham\tfine"));
        Assert.Equal(2, parsed.Count);
        Assert.Equal("line one\nline two", parsed[0].Document.Text);
        Assert.Equal("Name", parsed[0].Document.Name);
        Assert.Equal("https://x.example", parsed[0].Document.Website);
        Assert.False(parsed[1].IsSpam);
    }
}
