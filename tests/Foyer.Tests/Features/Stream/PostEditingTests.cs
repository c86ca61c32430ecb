using System.Net;
using System.Text.RegularExpressions;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Stream;

/// <summary>Editing keeps every earlier version, and an edit based on an outdated version never overwrites a newer one.</summary>
public abstract partial class PostEditingTests(FoyerApp app)
{
    private Task<Post> StoredAsync(long id) => app.WithDbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == id));

    private static Dictionary<string, string> Edit(string markdown, int version) => new()
    {
        ["markdown"] = markdown, ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("name=\"version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    [Fact]
    public async Task An_edit_changes_the_post_and_keeps_the_old_version_in_the_history()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var first = app.Unique("Erste Fassung ");
        var second = app.Unique("Zweite Fassung ");
        var id = await client.PublishAsync(space, first + " #alt");
        var editPage = $"/posts/{id}/edit";
        Assert.Equal("1", VersionField().Match(await client.GetPageAsync(editPage)).Groups[1].Value);

        var response = await client.SubmitAsync(editPage, editPage, Edit(second + " #neu", 1));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/posts/{id}", response.Headers.Location?.ToString());
        var stored = await StoredAsync(id);
        Assert.Equal(2, stored.Version);
        Assert.Contains(second, stored.Html, StringComparison.Ordinal);
        Assert.NotNull(stored.EditedAt);
        var revision = Assert.Single(await app.WithDbAsync(db => db.PostRevisions.AsNoTracking().Where(r => r.PostId == id).ToListAsync()));
        Assert.Equal(1, revision.Version);
        Assert.Contains(first, revision.Markdown, StringComparison.Ordinal);
        Assert.Equal(["neu"], await app.WithDbAsync(db => db.PostTags.Where(pt => pt.PostId == id).Select(pt => pt.Tag!.Name).ToListAsync()));

        var post = await client.GetPageAsync($"/posts/{id}");
        Assert.Contains(second, post, StringComparison.Ordinal);
        Assert.DoesNotContain(first, post, StringComparison.Ordinal);
        var history = await client.GetPageAsync($"/posts/{id}/history");
        Assert.Contains(first, history, StringComparison.Ordinal);
        Assert.Contains(second, history, StringComparison.Ordinal);
        Assert.True(history.IndexOf(second, StringComparison.Ordinal) < history.IndexOf(first, StringComparison.Ordinal), "The current version comes first.");
    }

    [Fact]
    public async Task A_stale_edit_answers_409_shows_the_current_version_and_the_typed_text_and_changes_nothing()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var laptop = await app.LoginAsync(author);
        var phone = await app.LoginAsync(author);
        var id = await laptop.PublishAsync(space, "Probe um 10 Uhr");
        var editPage = $"/posts/{id}/edit";
        var current = app.Unique("Probe um 11 Uhr, Raum ");
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.SubmitAsync(editPage, editPage, Edit(current, 1))).StatusCode);
        var before = await StoredAsync(id);
        var revisionsBefore = await app.WithDbAsync(db => db.PostRevisions.CountAsync(r => r.PostId == id));

        // The phone still had the form of version 1 open.
        var typed = app.Unique("Probe um 12 Uhr <b>bitte</b> ");
        var response = await phone.SubmitAsync(editPage, editPage, Edit(typed, 1));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(current, body, StringComparison.Ordinal);
        Assert.Equal(typed, Html.TextareaContent(body, "Markdown"));
        Assert.Equal("2", VersionField().Match(body).Groups[1].Value);
        var after = await StoredAsync(id);
        Assert.Equal(before.Markdown, after.Markdown);
        Assert.Equal(before.Html, after.Html);
        Assert.Equal(2, after.Version);
        Assert.Equal(revisionsBefore, await app.WithDbAsync(db => db.PostRevisions.CountAsync(r => r.PostId == id)));
    }

    [Fact]
    public async Task Only_the_author_may_edit()
    {
        var author = await app.CreateUserAsync();
        var spaceAdmin = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, spaceAdmin, author);
        var id = await (await app.LoginAsync(author)).PublishAsync(space, "Mein Text");
        var other = await app.LoginAsync(spaceAdmin);

        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/posts/{id}/edit")).StatusCode);
        var response = await other.PostFormAsync($"/posts/{id}", $"/posts/{id}/edit", Edit("Fremder Text", 1));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var stored = await StoredAsync(id);
        Assert.Equal("Mein Text", stored.Markdown);
        Assert.Equal(1, stored.Version);
    }

    [Fact]
    public async Task An_empty_edit_answers_400_and_changes_nothing()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var id = await client.PublishAsync(space, "Bleibt so");
        var editPage = $"/posts/{id}/edit";

        var response = await client.SubmitAsync(editPage, editPage, Edit("  ", 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var stored = await StoredAsync(id);
        Assert.Equal("Bleibt so", stored.Markdown);
        Assert.Equal(1, stored.Version);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PostEditingSqliteTests(SqliteApp app) : PostEditingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostEditingPostgresTests(PostgresApp app) : PostEditingTests(app);
