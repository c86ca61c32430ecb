using Foyer.Data;
using Foyer.Data.Blogs;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Features.Demo;
using Foyer.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foyer.Tests.Features.Demo;

/// <summary>An installation that skips setup, for the demo seeder to fill.</summary>
public sealed class EmptyApp() : FoyerApp(DatabaseProvider.Sqlite)
{
    protected override Task SetUpOrganisationAsync() => Task.CompletedTask;
}

public sealed class DemoOrganisationTests(EmptyApp app) : IClassFixture<EmptyApp>
{
    [Fact]
    public async Task The_demo_fills_a_fresh_install_with_a_theatre_and_the_seed_thread()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await DemoOrganisation.SeedAsync(scope.ServiceProvider, "demo-password-for-tests");
        }
        var (org, people, spaces, seedComments, wikiPages, article) = await app.WithDbAsync(async db => (
            await db.Organisation.Select(o => o.Name).SingleAsync(),
            await db.Users.CountAsync(),
            await db.Spaces.CountAsync(),
            await db.Comments.CountAsync(c => c.Post!.PlainText.Contains("Social Media")),
            await db.WikiPages.CountAsync(),
            await db.Articles.SingleAsync()));
        Assert.Equal("Stadttheater Beispielstadt", org);
        Assert.True(people >= 9 && spaces >= 5 && wikiPages >= 3);
        Assert.Equal(8, seedComments);
        Assert.Equal((ArticleAudience.Public, 8), (article.Audience, article.CommentCount));

        var client = app.NewClient();
        await client.LoginAsync("anna@demo.example", "demo-password-for-tests");
        var stream = await client.GetPageAsync("/");
        Assert.Contains("Willkommen im", stream, StringComparison.Ordinal);
        Assert.Contains("href=\"/people/anna\"", stream, StringComparison.Ordinal);
        var anonymousArticle = await app.NewClient().GetPageAsync($"/blog/{article.Slug}");
        Assert.Contains("id=\"comment-8\"", anonymousArticle, StringComparison.Ordinal);
        Assert.DoesNotContain("@demo.example", anonymousArticle, StringComparison.Ordinal);
    }
}
