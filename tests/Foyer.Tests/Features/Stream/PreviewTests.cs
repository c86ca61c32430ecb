using System.Net;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Stream;

public abstract class PreviewTests(FoyerApp app)
{
    [Fact]
    public async Task A_preview_shows_the_post_with_its_embed_and_stores_nothing()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var marker = app.Unique("Vorschau");
        var response = await client.SubmitAsync($"/spaces/{space.Slug}", "/posts/new", new()
        {
            ["SpaceId"] = space.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Markdown"] = $"**{marker}**\n\nhttps://vimeo.com/76979871",
            ["intent"] = "preview",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<strong>{marker}</strong>", html, StringComparison.Ordinal);
        Assert.Contains("data-embed-src=\"https://player.vimeo.com/video/76979871?dnt=1\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Posts.CountAsync(p => p.SpaceId == space.Id)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PreviewSqliteTests(SqliteApp app) : PreviewTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PreviewPostgresTests(PostgresApp app) : PreviewTests(app);
