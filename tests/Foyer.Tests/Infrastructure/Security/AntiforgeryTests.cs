using System.Net;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Infrastructure.Security;

/// <summary>
/// Cross-site request forgery: every form a page offers carries its antiforgery token, and a POST without one is
/// refused before it changes anything.
/// </summary>
public abstract class AntiforgeryTests(FoyerApp app)
{
    [Fact]
    public async Task Every_form_that_posts_carries_an_antiforgery_token()
    {
        // A browser submits each form with the token inside it; a form without one always fails with 400.
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var id = await client.PublishAsync(space, "Ein Beitrag mit Kommentar #formen");
        await client.CommentAsync(id, "Der erste Kommentar");
        var pages = new[] { "/", $"/spaces/{space.Slug}", $"/spaces/{space.Slug}/members", $"/posts/{id}", $"/posts/{id}/edit", "/tags/formen", $"/people/{author.Handle}", "/me", "/posts/new", "/spaces/new" };

        var missing = new List<string>();
        foreach (var url in pages)
        {
            var forms = TestClient.PostForms(await client.GetPageAsync(url), url);
            Assert.NotEmpty(forms);
            missing.AddRange(forms.Where(f => f.Token is null).Select(f => $"{url}: form posting to {f.Action}"));
        }
        // The undo button after a delete.
        await client.SubmitAsync($"/posts/{id}", $"/posts/{id}?handler=Delete", new());
        var flash = await client.GetPageAsync($"/spaces/{space.Slug}");
        var undo = TestClient.PostForms(flash, $"/spaces/{space.Slug}").Where(f => f.Action == $"/posts/{id}?handler=Restore").ToList();
        Assert.NotEmpty(undo);
        missing.AddRange(undo.Where(f => f.Token is null).Select(f => $"flash: form posting to {f.Action}"));

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing.Distinct()));
    }

    [Fact]
    public async Task Posts_without_a_token_answer_400_and_change_nothing()
    {
        var author = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var client = await app.LoginAsync(author);
        var id = await client.PublishAsync(space, "Ziel eines Angriffs");
        var name = app.Unique("Forged space ");
        var forged = new (string Action, Dictionary<string, string> Fields)[]
        {
            ($"/posts/{id}?handler=Comment", new() { ["markdown"] = "Gefälschter Kommentar" }),
            ($"/posts/{id}?handler=Like", new()),
            ($"/posts/{id}?handler=Delete", new()),
            ($"/posts/{id}/edit", new() { ["markdown"] = "Gefälscht", ["version"] = "1" }),
            ("/spaces/new", new() { ["Input.Name"] = name, ["Input.Visibility"] = "Open" }),
            ("/me?handler=Password", new() { ["Password.Current"] = FoyerApp.Password, ["Password.New"] = "forged password 12345" }),
            ("/logout", new()),
        };
        var hashBefore = await app.WithDbAsync(db => db.Users.Where(u => u.Id == author.Id).Select(u => u.PasswordHash).SingleAsync());

        foreach (var (action, fields) in forged)
        {
            var response = await client.Http.PostAsync(action, new FormUrlEncodedContent(fields));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{action}: expected 400, got {(int)response.StatusCode}");
        }

        var post = await app.WithDbAsync(db => db.Posts.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal((0, 0, null, 1, "Ziel eines Angriffs"), (post.CommentCount, post.ReactionCount, post.DeletedAt, post.Version, post.Markdown));
        Assert.Equal(0, await app.WithDbAsync(db => db.Comments.CountAsync(c => c.PostId == id)));
        Assert.False(await app.WithDbAsync(db => db.Spaces.AnyAsync(s => s.Name == name)));
        Assert.Equal(hashBefore, await app.WithDbAsync(db => db.Users.Where(u => u.Id == author.Id).Select(u => u.PasswordHash).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AntiforgerySqliteTests(SqliteApp app) : AntiforgeryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class AntiforgeryPostgresTests(PostgresApp app) : AntiforgeryTests(app);
