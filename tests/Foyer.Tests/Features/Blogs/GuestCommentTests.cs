using System.Net;
using System.Text.RegularExpressions;
using Foyer.Data.Blogs;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Blogs;

/// <summary>Comments from people without an account on public articles: validated, filtered, moderated, never exposing the address.</summary>
public abstract partial class GuestCommentTests(FoyerApp app)
{
    private async Task<(string Url, Article Article, TestClient Editor)> PublicArticleAsync()
    {
        var editorUser = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, editorUser);
        var editor = await app.LoginAsync(editorUser);
        var title = app.Unique("Gastbeitrag");
        await editor.WriteArticleAsync($"/spaces/{space.Slug}/blog", title, "Was denken Sie?", audience: "Public", confirmPublic: true);
        var article = await app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Title == title));
        return ($"/spaces/{space.Slug}/blog/{article.Slug}", article, editor);
    }

    /// <summary>A visitor who opened the form a while ago (the form's own stamp, with the clock moved on) and sends it.</summary>
    private async Task<HttpResponseMessage> GuestPostAsync(TestClient visitor, string url, string text, string name = "Christian",
        string email = "christian@kulturblog.example", string website = "", string honeypot = "")
    {
        var page = await visitor.GetPageAsync(url);
        var stamp = WebUtility.HtmlDecode(Stamp().Match(page).Groups[1].Value);
        app.Clock.Advance(TimeSpan.FromSeconds(40));
        return await visitor.SubmitAsync(page, url, $"{url}?handler=GuestComment", new()
        {
            ["markdown"] = text, ["name"] = name, ["email"] = email, ["website"] = website, ["stamp"] = stamp, ["homepage"] = honeypot,
        });
    }

    [Fact]
    public async Task A_plain_guest_comment_is_published_numbered_and_its_address_appears_nowhere()
    {
        var (url, article, editor) = await PublicArticleAsync();
        var visitor = app.NewClient();
        var email = $"{app.Unique("leser").ToLowerInvariant()}@kulturblog.example";
        var response = await GuestPostAsync(visitor, url, "Danke für den Beitrag, das probieren wir im Museum auch aus.", email: email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("#comment-1", response.Headers.Location!.ToString(), StringComparison.Ordinal);

        foreach (var client in new[] { visitor, editor, await app.LoginAsync(await app.CreateUserAsync()) })
        {
            foreach (var path in new[] { url, url[..url.LastIndexOf('/')], $"{url[..url.LastIndexOf('/')]}/feed/rss", $"{url[..url.LastIndexOf('/')]}/feed/atom" })
            {
                var body = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
                Assert.DoesNotContain(email, body, StringComparison.OrdinalIgnoreCase);
            }
        }
        Assert.Contains("Danke für den Beitrag", await visitor.GetPageAsync(url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_links_hold_a_comment_and_the_moderator_sees_why_then_approves_it()
    {
        var (url, article, editor) = await PublicArticleAsync();
        var visitor = app.NewClient();
        var response = await GuestPostAsync(visitor, url, "Siehe https://a.example/eins und https://b.example/zwei");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var held = await app.WithDbAsync(db => db.ArticleComments.SingleAsync(c => c.ArticleId == article.Id));
        Assert.Equal((CommentStatus.Held, (int?)null), (held.Status, held.Number));
        Assert.DoesNotContain("a.example/eins", await visitor.GetPageAsync(url), StringComparison.Ordinal);

        var blog = url[..url.LastIndexOf('/')];
        var queue = await editor.GetPageAsync($"{blog}/moderation");
        Assert.Contains("links:2", queue, StringComparison.Ordinal);
        Assert.Contains("christian@kulturblog.example", queue, StringComparison.Ordinal);
        var approve = await editor.SubmitAsync($"{blog}/moderation", $"{blog}/moderation?handler=Approve", new() { ["id"] = held.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, approve.StatusCode);
        Assert.Equal(1, (await app.WithDbAsync(db => db.ArticleComments.SingleAsync(c => c.Id == held.Id))).Number);
        Assert.Contains("id=\"comment-1\"", await app.NewClient().GetPageAsync(url), StringComparison.Ordinal);

        var plain = await app.LoginAsync(await app.CreateUserAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await plain.GetAsync($"{blog}/moderation")).StatusCode);
    }

    [Fact]
    public async Task A_filled_honeypot_is_dropped_without_a_word()
    {
        var (url, article, _) = await PublicArticleAsync();
        var response = await GuestPostAsync(app.NewClient(), url, "Normaler Text", honeypot: "http://spam.example");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ArticleComments.CountAsync(c => c.ArticleId == article.Id)));
    }

    [Theory]
    [InlineData("", "c@kulturblog.example", "", "Text", 400)]
    [InlineData("Christian", "", "", "Text", 400)]
    [InlineData("Christian", "keine-adresse", "", "Text", 400)]
    [InlineData("Christian", "c@kulturblog.example\r\nBcc: alle@example.org", "", "Text", 400)]
    [InlineData("Christian\r\nX-Injected: 1", "c@kulturblog.example", "", "Text", 400)]
    [InlineData("Christian", "c@kulturblog.example", "javascript:alert(1)", "Text", 400)]
    [InlineData("Christian", "c@kulturblog.example", "", "", 400)]
    public async Task Bad_guest_input_is_refused_and_nothing_is_stored(string name, string email, string website, string text, int status)
    {
        var (url, article, _) = await PublicArticleAsync();
        var response = await GuestPostAsync(app.NewClient(), url, text, name, email, website);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ArticleComments.CountAsync(c => c.ArticleId == article.Id)));
    }

    [Fact]
    public async Task An_oversized_comment_is_refused_with_413()
    {
        var (url, article, _) = await PublicArticleAsync();
        var response = await GuestPostAsync(app.NewClient(), url, new string('a', 5_001));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ArticleComments.CountAsync(c => c.ArticleId == article.Id)));
    }

    [Fact]
    public async Task Guests_cannot_comment_on_articles_that_are_not_public()
    {
        var editorUser = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, editorUser);
        var editor = await app.LoginAsync(editorUser);
        var title = app.Unique("Intern");
        await editor.WriteArticleAsync($"/spaces/{space.Slug}/blog", title, "Nur intern");
        var article = await app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Title == title));
        var url = $"/spaces/{space.Slug}/blog/{article.Slug}";
        var response = await app.NewClient().PostFormAsync("/login", $"{url}?handler=GuestComment",
            new() { ["markdown"] = "Hallo", ["name"] = "X", ["email"] = "x@kulturblog.example" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.ArticleComments.CountAsync(c => c.ArticleId == article.Id)));
    }

    [GeneratedRegex("name=\"stamp\" value=\"([^\"]+)\"")]
    private static partial Regex Stamp();
}

[Collection(SqliteCollection.Name)]
public sealed class GuestCommentSqliteTests(SqliteApp app) : GuestCommentTests(app);

[Collection(PostgresCollection.Name)]
public sealed class GuestCommentPostgresTests(PostgresApp app) : GuestCommentTests(app);
