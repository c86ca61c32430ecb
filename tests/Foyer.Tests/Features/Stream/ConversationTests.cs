using System.Globalization;
using System.Net;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Stream;

/// <summary>Comments are numbered like a blog's, replies say whom they answer and never cross into another post; likes toggle.</summary>
public abstract class ConversationTests(FoyerApp app)
{
    private Task<List<(long Id, int Number, long? ParentId)>> CommentsOfAsync(long postId) =>
        app.WithDbAsync(async db => (await db.Comments.Where(c => c.PostId == postId).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Number, c.ParentId }).ToListAsync()).Select(c => (c.Id, c.Number, c.ParentId)).ToList());

    [Fact]
    public async Task Comments_are_numbered_1_2_3_in_order_and_a_reply_says_which_one_it_answers()
    {
        var author = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author, other);
        var client = await app.LoginAsync(author);
        var otherClient = await app.LoginAsync(other);
        var id = await client.PublishAsync(space, "Was meint ihr?");

        Assert.Equal(HttpStatusCode.Redirect, (await otherClient.CommentAsync(id, "Erstens")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.CommentAsync(id, "Zweitens")).StatusCode);
        var third = await otherClient.CommentAsync(id, "Drittens");
        Assert.Equal($"/posts/{id}#comment-3", third.Headers.Location?.ToString());
        var first = (await CommentsOfAsync(id))[0];

        var reply = await client.CommentAsync(id, "Antwort auf eins", first.Id);

        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        var comments = await CommentsOfAsync(id);
        Assert.Equal([1, 2, 3, 4], comments.Select(c => c.Number));
        Assert.Equal(first.Id, comments[3].ParentId);
        Assert.Equal(4, await app.WithDbAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.CommentCount).SingleAsync()));

        var page = await client.GetPageAsync($"/posts/{id}");
        Assert.Equal([1, 4, 2, 3], Html.CommentNumbers(page));
        Assert.Contains("replying to <a href=\"#comment-1\">#1</a>", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("Erstens", StringComparison.Ordinal) < page.IndexOf("Zweitens", StringComparison.Ordinal));
        Assert.True(page.IndexOf("Zweitens", StringComparison.Ordinal) < page.IndexOf("Drittens", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reply_to_a_comment_of_another_post_answers_400_and_stores_nothing()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var elsewhere = await client.PublishAsync(space, "Anderer Beitrag");
        await client.CommentAsync(elsewhere, "Kommentar dort");
        var foreignComment = (await CommentsOfAsync(elsewhere))[0].Id;
        var id = await client.PublishAsync(space, "Dieser Beitrag");

        var response = await client.PostFormAsync($"/posts/{id}", $"/posts/{id}?handler=Comment", new()
        {
            ["markdown"] = "Quer verlinkt", ["parentId"] = foreignComment.ToString(CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The comment you replied to does not belong to this post.", Html.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Empty(await CommentsOfAsync(id));
        Assert.Single(await CommentsOfAsync(elsewhere));
        Assert.Equal(0, await app.WithDbAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.CommentCount).SingleAsync()));
    }

    [Fact]
    public async Task An_empty_comment_answers_400_and_stores_nothing()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var id = await client.PublishAsync(space, "Kommentiert mich");

        var response = await client.CommentAsync(id, "   ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await CommentsOfAsync(id));
    }

    [Fact]
    public async Task Like_toggles_and_the_count_moves_0_1_0()
    {
        var author = await app.CreateUserAsync();
        var fan = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var id = await (await app.LoginAsync(author)).PublishAsync(space, "Gefällt euch das?");
        var client = await app.LoginAsync(fan);
        Task<int> CountAsync() => app.WithDbAsync(db => db.Posts.Where(p => p.Id == id).Select(p => p.ReactionCount).SingleAsync());
        Assert.Equal(0, await CountAsync());

        var like = await client.SubmitAsync($"/posts/{id}", $"/posts/{id}?handler=Like", new() { ["returnUrl"] = $"/posts/{id}#post-{id}" });

        Assert.Equal(HttpStatusCode.Redirect, like.StatusCode);
        Assert.Equal($"/posts/{id}#post-{id}", like.Headers.Location?.ToString());
        Assert.Equal(1, await CountAsync());
        Assert.Contains("aria-pressed=\"true\">Unlike (1)</button>", await client.GetPageAsync($"/posts/{id}"), StringComparison.Ordinal);

        var unlike = await client.SubmitAsync($"/posts/{id}", $"/posts/{id}?handler=Like", new() { ["returnUrl"] = $"/posts/{id}" });

        Assert.Equal(HttpStatusCode.Redirect, unlike.StatusCode);
        Assert.Equal(0, await CountAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.Reactions.CountAsync(r => r.TargetId == id && r.UserId == fan.Id)));
        Assert.Contains("aria-pressed=\"false\">Like (0)</button>", await client.GetPageAsync($"/posts/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Like_never_redirects_to_another_site()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var id = await client.PublishAsync(space, "Weiterleitung?");

        var like = await client.SubmitAsync($"/posts/{id}", $"/posts/{id}?handler=Like", new() { ["returnUrl"] = "https://evil.example/" });

        Assert.Equal(HttpStatusCode.Redirect, like.StatusCode);
        Assert.Equal($"/posts/{id}", like.Headers.Location?.ToString());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ConversationSqliteTests(SqliteApp app) : ConversationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class ConversationPostgresTests(PostgresApp app) : ConversationTests(app);
