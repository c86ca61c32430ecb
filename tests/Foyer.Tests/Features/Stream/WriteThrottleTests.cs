using System.Net;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Infrastructure.Database;

namespace Foyer.Tests.Features.Stream;

public sealed class ThrottledWritesApp() : FoyerApp(DatabaseProvider.Sqlite, new() { ["Stream:WritesPerMinute"] = "3" });

public sealed class WriteThrottleTests(ThrottledWritesApp app) : IClassFixture<ThrottledWritesApp>
{
    [Fact]
    public async Task Publishing_faster_than_the_limit_is_refused_with_429_and_stores_nothing_more()
    {
        var guest = await app.CreateUserAsync(OrgRole.Guest);
        var owner = await app.CreateUserAsync(OrgRole.Member);
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, owner, guest);
        var client = await app.LoginAsync(guest);

        var postId = await client.PublishAsync(space, "first");
        Assert.Equal(HttpStatusCode.Redirect, (await client.CommentAsync(postId, "second")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.WritePostAsync(space, "third")).StatusCode);

        var refused = await client.CommentAsync(postId, "fourth, too fast");
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Contains("fourth, too fast", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var refusedPost = await client.WritePostAsync(space, "fifth, too fast");
        Assert.Equal((HttpStatusCode)429, refusedPost.StatusCode);

        var (posts, comments) = await app.WithDbAsync(db => Task.FromResult(
            (db.Posts.Count(p => p.AuthorId == guest.Id), db.Comments.Count(c => c.AuthorId == guest.Id))));
        Assert.Equal(2, posts);
        Assert.Equal(1, comments);

        // Someone else is not slowed down by the guest's limit.
        var ownerClient = await app.LoginAsync(owner);
        Assert.Equal(HttpStatusCode.Redirect, (await ownerClient.CommentAsync(postId, "owner replies")).StatusCode);
    }
}
