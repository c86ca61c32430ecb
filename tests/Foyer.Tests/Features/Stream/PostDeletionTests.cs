using System.Net;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Stream;

/// <summary>Deleting a post hides it on every read path; the person who deleted it can undo that for 15 minutes.</summary>
public abstract class PostDeletionTests(FoyerApp app)
{
    private Task<DateTime?> DeletedAtAsync(long id) => app.WithDbAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.DeletedAt).SingleAsync());

    private static async Task<HttpResponseMessage> DeleteAsync(TestClient client, long id) =>
        await client.SubmitAsync($"/posts/{id}", $"/posts/{id}?handler=Delete", new());

    /// <summary>The read paths of a post, each with whether the post's marker shows there.</summary>
    private static async Task<Dictionary<string, bool>> SeenAsync(TestClient client, Space space, User author, string tag, long id, string marker)
    {
        var seen = new Dictionary<string, bool>();
        foreach (var url in new[] { "/", $"/spaces/{space.Slug}", $"/posts/{id}", $"/posts/{id}/history", $"/tags/{tag}", $"/people/{author.Handle}" })
        {
            var response = await client.GetAsync(url);
            seen[url] = response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains(marker, StringComparison.Ordinal);
        }
        return seen;
    }

    [Fact]
    public async Task A_deleted_post_disappears_everywhere_and_undo_within_15_minutes_brings_it_back()
    {
        var author = await app.CreateUserAsync();
        var reader = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author, reader);
        var client = await app.LoginAsync(author);
        var readerClient = await app.LoginAsync(reader);
        var marker = app.Unique("Streichliste ");
        var tag = app.Unique("weg").ToLowerInvariant();
        var id = await client.PublishAsync(space, $"{marker} #{tag}");
        await client.CommentAsync(id, "Ein Kommentar dazu");
        var commentId = await app.WithDbAsync(db => db.Comments.Where(c => c.PostId == id).Select(c => c.Id).SingleAsync());
        Assert.All(await SeenAsync(readerClient, space, author, tag, id, marker), p => Assert.True(p.Value, $"{p.Key} should show the post before the delete"));

        var deleted = await DeleteAsync(client, id);

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal($"/spaces/{space.Slug}", deleted.Headers.Location?.ToString());
        Assert.NotNull(await DeletedAtAsync(id));
        // The page the author lands on offers the undo; the tab stays open while the author looks around.
        var landing = await client.GetPageAsync($"/spaces/{space.Slug}");
        Assert.Contains("The post was deleted. You can undo this for 15 minutes.", landing, StringComparison.Ordinal);
        foreach (var viewer in new[] { client, readerClient })
        {
            Assert.All(await SeenAsync(viewer, space, author, tag, id, marker), p => Assert.False(p.Value, $"{p.Key} still shows the deleted post"));
            Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/posts/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/comments/{commentId}")).StatusCode);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(14));
        var undo = await client.SubmitAsync(landing, $"/spaces/{space.Slug}", $"/posts/{id}?handler=Restore", new());

        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        Assert.Null(await DeletedAtAsync(id));
        Assert.All(await SeenAsync(readerClient, space, author, tag, id, marker), p => Assert.True(p.Value, $"{p.Key} should show the restored post"));
    }

    [Fact]
    public async Task Undo_after_16_minutes_answers_410_and_the_post_stays_deleted()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var id = await client.PublishAsync(space, "Gleich weg");
        Assert.Equal(HttpStatusCode.Redirect, (await DeleteAsync(client, id)).StatusCode);
        var deletedAt = await DeletedAtAsync(id);

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        var undo = await client.SubmitAsync($"/spaces/{space.Slug}", $"/posts/{id}?handler=Restore", new());

        Assert.Equal(HttpStatusCode.Gone, undo.StatusCode);
        Assert.Equal(deletedAt, await DeletedAtAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/posts/{id}")).StatusCode);
    }

    [Fact]
    public async Task Only_whoever_deleted_a_post_can_undo_it()
    {
        var author = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author, other);
        var client = await app.LoginAsync(author);
        var id = await client.PublishAsync(space, "Nur ich darf zurückholen");
        await DeleteAsync(client, id);

        var undo = await (await app.LoginAsync(other)).PostFormAsync($"/spaces/{space.Slug}", $"/posts/{id}?handler=Restore", new());

        Assert.Equal(HttpStatusCode.Gone, undo.StatusCode);
        Assert.NotNull(await DeletedAtAsync(id));
    }

    [Fact]
    public async Task Someone_removed_from_the_space_cannot_undo_their_delete_there()
    {
        var owner = await app.CreateUserAsync();
        var member = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, owner, member);
        var client = await app.LoginAsync(member);
        var id = await client.PublishAsync(space, "Gleich bin ich raus");
        await DeleteAsync(client, id);
        var landing = await client.GetPageAsync($"/spaces/{space.Slug}");
        await app.WithDbAsync(db => db.SpaceMemberships.Where(m => m.SpaceId == space.Id && m.UserId == member.Id)
            .ExecuteDeleteAsync());

        var undo = await client.SubmitAsync(landing, $"/spaces/{space.Slug}", $"/posts/{id}?handler=Restore", new());

        Assert.Equal(HttpStatusCode.Gone, undo.StatusCode);
        Assert.NotNull(await DeletedAtAsync(id));
    }

    [Theory]
    [InlineData(OrgRole.Member)]
    [InlineData(OrgRole.Admin)]
    public async Task Someone_who_is_neither_author_nor_space_admin_cannot_delete(OrgRole role)
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var id = await (await app.LoginAsync(author)).PublishAsync(space, "Bleibt stehen");
        var other = await app.LoginAsync(await app.CreateUserAsync(role));
        Assert.DoesNotContain($"action=\"/posts/{id}?handler=Delete\"", await other.GetPageAsync($"/posts/{id}"), StringComparison.Ordinal);

        var response = await other.PostFormAsync($"/posts/{id}", $"/posts/{id}?handler=Delete", new());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await DeletedAtAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/posts/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_space_admin_may_delete_someone_elses_post()
    {
        var spaceAdmin = await app.CreateUserAsync();
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Closed, spaceAdmin, author);
        var id = await (await app.LoginAsync(author)).PublishAsync(space, "Moderiert");
        var moderator = await app.LoginAsync(spaceAdmin);

        var response = await DeleteAsync(moderator, id);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (deletedAt, deletedBy) = await app.WithDbAsync(async db =>
        {
            var p = await db.Posts.AsNoTracking().SingleAsync(x => x.Id == id);
            return (p.DeletedAt, p.DeletedById);
        });
        Assert.NotNull(deletedAt);
        Assert.Equal(spaceAdmin.Id, deletedBy);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PostDeletionSqliteTests(SqliteApp app) : PostDeletionTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostDeletionPostgresTests(PostgresApp app) : PostDeletionTests(app);
