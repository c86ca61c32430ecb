using System.Globalization;
using System.Text.RegularExpressions;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;

namespace Foyer.Tests.Features.Stream;

/// <summary>Streams page by "older than the last post shown", so no post is shown twice or skipped.</summary>
public abstract partial class StreamPagingTests(FoyerApp app)
{
    [GeneratedRegex("<a href=\"\\?before=(\\d+)\" rel=\"next\">Older posts</a>")]
    private static partial Regex OlderLink();

    [Fact]
    public async Task Older_posts_follow_by_keyset_pagination_without_duplicates()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var written = new List<long>();
        for (var i = 1; i <= 25; i++) written.Add(await client.PublishAsync(space, $"Beitrag Nummer {i}"));

        var first = await client.GetPageAsync($"/spaces/{space.Slug}");
        var firstIds = Html.PostIds(first);
        Assert.Equal(20, firstIds.Count);
        Assert.Equal(written.AsEnumerable().Reverse().Take(20), firstIds);
        var older = OlderLink().Match(first);
        Assert.True(older.Success, "The first page links to older posts.");
        Assert.Equal(firstIds[^1].ToString(CultureInfo.InvariantCulture), older.Groups[1].Value);

        var second = await client.GetPageAsync($"/spaces/{space.Slug}?before={older.Groups[1].Value}");
        var secondIds = Html.PostIds(second);

        Assert.Equal(written.Take(5).Reverse(), secondIds);
        Assert.Empty(firstIds.Intersect(secondIds));
        Assert.Equal(written.Order(), firstIds.Concat(secondIds).Order());
        Assert.DoesNotContain("Older posts", second, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class StreamPagingSqliteTests(SqliteApp app) : StreamPagingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class StreamPagingPostgresTests(PostgresApp app) : StreamPagingTests(app);
