using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using Foyer.Data.Accounts;
using Foyer.Data.Blogs;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Blogs;

public abstract class BlogTests(FoyerApp app)
{
    private async Task<(Space Space, TestClient Editor, User EditorUser)> SpaceBlogAsync(SpaceVisibility visibility, params User[] members)
    {
        var editor = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(visibility, editor, members);
        return (space, await app.LoginAsync(editor), editor);
    }

    private static string BlogPath(Space space) => $"/spaces/{space.Slug}/blog";

    private Task<Article> ArticleAsync(string title) => app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Title == title));

    [Fact]
    public async Task Each_rung_of_the_ladder_reaches_exactly_its_audience_on_every_read_path()
    {
        var member = await app.CreateUserAsync();
        var guestHere = await app.CreateUserAsync(OrgRole.Guest);
        var (space, editor, _) = await SpaceBlogAsync(SpaceVisibility.Closed, member, guestHere);
        var path = BlogPath(space);
        var marker = app.Unique("Ladder");
        var titles = new Dictionary<string, string>
        {
            ["Space"] = $"{marker} space", ["Organisation"] = $"{marker} organisation", ["Public"] = $"{marker} public", ["Draft"] = $"{marker} draft",
        };
        await editor.WriteArticleAsync(path, titles["Space"], "Nur der Bereich");
        await editor.WriteArticleAsync(path, titles["Organisation"], "Das ganze Haus", audience: "Organisation");
        await editor.WriteArticleAsync(path, titles["Public"], "Alle Welt", audience: "Public", confirmPublic: true);
        await editor.WriteArticleAsync(path, titles["Draft"], "Noch nicht", status: "Draft");

        var outsider = await app.CreateUserAsync();
        var guestOther = await app.CreateUserAsync(OrgRole.Guest);
        await app.CreateSpaceAsync(SpaceVisibility.Closed, outsider, guestOther);
        var viewers = new Dictionary<string, (TestClient Client, string[] Sees)>
        {
            ["member"] = (await app.LoginAsync(member), ["Space", "Organisation", "Public"]),
            ["guest of this space"] = (await app.LoginAsync(guestHere), ["Space", "Public"]),
            ["organisation member outside the space"] = (await app.LoginAsync(outsider), ["Organisation", "Public"]),
            ["guest of another space"] = (await app.LoginAsync(guestOther), ["Public"]),
            ["anonymous"] = (app.NewClient(), ["Public"]),
        };
        var wrong = new List<string>();
        foreach (var (who, (client, sees)) in viewers)
        {
            var front = await client.GetAsync(path);
            var frontHtml = await front.Content.ReadAsStringAsync();
            foreach (var (rung, title) in titles)
            {
                var expected = sees.Contains(rung);
                if (frontHtml.Contains(title, StringComparison.Ordinal) != expected) wrong.Add($"{who} × {rung} × front page");
                var slug = (await ArticleAsync(title)).Slug;
                var page = await client.GetAsync($"{path}/{slug}");
                var shown = page.StatusCode == HttpStatusCode.OK && (await page.Content.ReadAsStringAsync()).Contains(title, StringComparison.Ordinal);
                if (shown != expected) wrong.Add($"{who} × {rung} × article page ({(int)page.StatusCode})");
            }
        }
        // Feeds are the public web: the public article only, whoever asks.
        foreach (var client in new[] { editor, app.NewClient() })
        {
            var feed = await client.GetPageAsync($"{path}/feed/rss");
            if (!feed.Contains(titles["Public"], StringComparison.Ordinal)) wrong.Add("feed lacks the public article");
            foreach (var rung in new[] { "Space", "Organisation", "Draft" })
            {
                if (feed.Contains(titles[rung], StringComparison.Ordinal)) wrong.Add($"feed shows the {rung} article");
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public async Task Raising_an_article_is_an_editors_deliberate_step_and_leaves_an_audit_trail()
    {
        var writer = await app.CreateUserAsync();
        var (space, editor, editorUser) = await SpaceBlogAsync(SpaceVisibility.Open, writer);
        var path = BlogPath(space);
        var writerClient = await app.LoginAsync(writer);
        var title = app.Unique("Aufstieg");
        await writerClient.WriteArticleAsync(path, title, "Text");
        var article = await ArticleAsync(title);

        var refused = await writerClient.WriteArticleAsync(path, title, "Text", audience: "Public", confirmPublic: true, id: article.Id, version: article.Version);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var unconfirmed = await editor.WriteArticleAsync(path, title, "Text", audience: "Public", id: article.Id, version: article.Version);
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Equal(ArticleAudience.Space, (await ArticleAsync(title)).Audience);

        var raised = await editor.WriteArticleAsync(path, title, "Text", audience: "Public", confirmPublic: true, id: article.Id, version: article.Version);
        Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
        var trail = await app.WithDbAsync(db => db.ArticleAudienceChanges.Where(c => c.ArticleId == article.Id).ToListAsync());
        var step = Assert.Single(trail);
        Assert.Equal((ArticleAudience.Space, ArticleAudience.Public, editorUser.Id), (step.From, step.To, step.ActorId));

        var lowered = await editor.WriteArticleAsync(path, title, "Text", audience: "Space", id: article.Id, version: article.Version + 1);
        Assert.Equal(HttpStatusCode.Redirect, lowered.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.NewClient().GetAsync($"{path}/{article.Slug}")).StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.ArticleAudienceChanges.CountAsync(c => c.ArticleId == article.Id)));
    }

    [Fact]
    public async Task A_scheduled_article_appears_by_itself_at_its_time()
    {
        var (space, editor, _) = await SpaceBlogAsync(SpaceVisibility.Open);
        var path = BlogPath(space);
        var title = app.Unique("Premiere");
        var at = app.Clock.GetUtcNow().UtcDateTime.AddHours(2);
        var response = await editor.WriteArticleAsync(path, title, "Heute Abend!", status: "Scheduled", audience: "Public", publishAt: at, confirmPublic: true);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var anonymous = app.NewClient();
        var slug = (await ArticleAsync(title)).Slug;
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{path}/{slug}")).StatusCode);

        app.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{path}/{slug}")).StatusCode);
        Assert.Contains(title, await anonymous.GetPageAsync($"{path}/feed/atom"), StringComparison.Ordinal);

        var past = await editor.WriteArticleAsync(path, app.Unique("Gestern"), "zu spät", status: "Scheduled", publishAt: app.Clock.GetUtcNow().UtcDateTime.AddHours(-1));
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
    }

    [Fact]
    public async Task Feeds_are_valid_rss_and_atom_for_blog_category_and_tag()
    {
        var (space, editor, _) = await SpaceBlogAsync(SpaceVisibility.Open);
        var path = BlogPath(space);
        var made = await editor.SubmitAsync($"{path}/categories", $"{path}/categories", new() { ["name"] = "Pressearbeit" });
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var category = await app.WithDbAsync(db => db.BlogCategories.SingleAsync(c => c.Name == "Pressearbeit" && db.Blogs.Any(b => b.Id == c.BlogId && b.SpaceId == space.Id)));
        var title = app.Unique("Feedartikel");
        await editor.WriteArticleAsync(path, title, "Inhalt mit <script>alert(1)</script>", audience: "Public", confirmPublic: true,
            tags: "Spielzeit, Presse", categories: [category.Id]);

        foreach (var url in new[] { $"{path}/feed/rss", $"{path}/feed/atom", $"{path}/feed/rss?category=pressearbeit", $"{path}/feed/atom?tag=spielzeit" })
        {
            var xml = await app.NewClient().GetPageAsync(url);
            using var reader = XmlReader.Create(new StringReader(xml));
            var feed = SyndicationFeed.Load(reader);
            var item = Assert.Single(feed.Items);
            Assert.Equal(title, item.Title.Text);
            Assert.DoesNotContain("<script", xml, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@test.example", xml, StringComparison.Ordinal);
        }
        var categoryPage = await app.NewClient().GetPageAsync($"{path}/category/pressearbeit");
        Assert.Contains(title, categoryPage, StringComparison.Ordinal);
        var tagPage = await app.NewClient().GetPageAsync($"{path}/tag/presse");
        Assert.Contains(title, tagPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.NewClient().GetAsync($"{path}/feed/rss?category=gibts-nicht")).StatusCode);
    }

    [Fact]
    public async Task Comments_are_numbered_threaded_and_answer_by_name()
    {
        var colleague = await app.CreateUserAsync(name: "Michael Filter");
        var (space, editor, _) = await SpaceBlogAsync(SpaceVisibility.Open, colleague);
        var path = BlogPath(space);
        var title = app.Unique("Diskussion");
        await editor.WriteArticleAsync(path, title, "Was meint ihr?");
        var article = await ArticleAsync(title);
        var url = $"{path}/{article.Slug}";
        var michael = await app.LoginAsync(colleague);

        Assert.Equal(HttpStatusCode.Redirect, (await michael.SubmitAsync(url, $"{url}?handler=Comment", new() { ["markdown"] = "Intern=geschlossen?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync(url, $"{url}?handler=Comment", new() { ["markdown"] = "@Michael: kein Widerspruch." })).StatusCode);
        var comments = await app.WithDbAsync(db => db.ArticleComments.Where(c => c.ArticleId == article.Id).OrderBy(c => c.Number).ToListAsync());
        Assert.True(comments.All(c => c.Number is not null), string.Join(" | ", comments.Select(c => c.Status + ":" + c.ModerationReasons)));
        Assert.Equal([1, 2], comments.Select(c => c.Number!.Value));
        Assert.Equal(comments[0].Id, comments[1].ParentId);
        var page = await editor.GetPageAsync(url);
        Assert.Contains("id=\"comment-2\"", page, StringComparison.Ordinal);

        var other = await app.WithDbAsync(async db =>
        {
            var a = new Article { BlogId = article.BlogId, AuthorId = article.AuthorId, Title = app.Unique("Anders"), Slug = app.Unique("anders"), Status = ArticleStatus.Published, PublishAt = DateTime.UtcNow, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Articles.Add(a);
            await db.SaveChangesAsync();
            var c = new ArticleComment { ArticleId = a.Id, AuthorId = article.AuthorId, Markdown = "x", Html = "x", Number = 1, CreatedAt = DateTime.UtcNow };
            db.ArticleComments.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });
        var forged = await editor.PostFormAsync(url, $"{url}?handler=Comment", new() { ["markdown"] = "falscher Faden", ["parentId"] = other.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.ArticleComments.CountAsync(c => c.ArticleId == article.Id)));
    }

    [Fact]
    public async Task Authors_edit_their_comment_for_a_while_and_moderators_remove_any()
    {
        var colleague = await app.CreateUserAsync();
        var (space, editor, _) = await SpaceBlogAsync(SpaceVisibility.Open, colleague);
        var path = BlogPath(space);
        var title = app.Unique("Korrektur");
        await editor.WriteArticleAsync(path, title, "Text");
        var article = await ArticleAsync(title);
        var url = $"{path}/{article.Slug}";
        var client = await app.LoginAsync(colleague);
        await client.SubmitAsync(url, $"{url}?handler=Comment", new() { ["markdown"] = "Tippfeler" });
        var comment = await app.WithDbAsync(db => db.ArticleComments.SingleAsync(c => c.ArticleId == article.Id));
        var edit = $"{url}/comments/{comment.Id}/edit";
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(edit, edit, new() { ["markdown"] = "Tippfehler" })).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(edit)).StatusCode);
        var removed = await editor.SubmitAsync(edit, $"{edit}?handler=Delete", new());
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        var page = await client.GetPageAsync(url);
        Assert.DoesNotContain("Tippfehler", page, StringComparison.Ordinal);
        Assert.Contains("id=\"comment-1\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_article_input_is_refused_and_nothing_is_stored()
    {
        var (space, editor, _) = await SpaceBlogAsync(SpaceVisibility.Open);
        var path = BlogPath(space);
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.WriteArticleAsync(path, "", "ohne Titel")).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await editor.WriteArticleAsync(path, "Zu lang", new string('x', 100_001))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.WriteArticleAsync(path, "Kategorie", "x", categories: [999_999])).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Articles.CountAsync(a => a.Blog!.SpaceId == space.Id)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class BlogSqliteTests(SqliteApp app) : BlogTests(app);

[Collection(PostgresCollection.Name)]
public sealed class BlogPostgresTests(PostgresApp app) : BlogTests(app);
