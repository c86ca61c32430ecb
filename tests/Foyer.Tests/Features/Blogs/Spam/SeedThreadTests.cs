using Foyer.Web.Features.Blogs.Spam;
using Foyer.Web.Features.Demo;

namespace Foyer.Tests.Features.Blogs.Spam;

/// <summary>
/// Real data: the comment thread of the blog post that started Foyer, sent as guest comments with the starter model.
/// Real readers' comments, terse ones included, must not be held.
/// </summary>
public sealed class SeedThreadTests
{
    [Fact]
    public async Task The_seed_posts_real_comments_are_published_as_guest_comments()
    {
        using var kit = new SpamTestKit(seed: true);
        var seed = SeedBlogPost.Load();
        string[] names = ["Norbert", "spoxx", "Christian Henner", "Michael", "Christian Henner", "filterraum", "Christian Henner", "Christian Henner"];
        var held = new List<string>();
        for (var i = 0; i < seed.Comments.Count; i++)
        {
            kit.Clock.Advance(TimeSpan.FromMinutes(30));
            var name = names[i % names.Length];
            var result = await kit.Filter.CheckAsync(kit.Input(seed.Comments[i], email: $"{name.Split(' ')[0].ToLowerInvariant()}@kulturblog.example",
                ip: $"198.51.100.{i + 10}", name: name));
            if (result.Verdict != SpamVerdict.Publish)
            {
                var why = await kit.Filter.ExplainAsync(new SpamDocument(seed.Comments[i], name, $"{name}@kulturblog.example"));
                held.Add($"{i + 1}: {result.Verdict} [{string.Join(' ', result.Reasons)}] {seed.Comments[i][..Math.Min(60, seed.Comments[i].Length)]} "
                    + string.Join(", ", why.Take(12).Select(w => $"{w.Token} {w.Weight:0.00}")));
            }
        }
        Assert.True(held.Count == 0, string.Join(Environment.NewLine, held));
    }
}
