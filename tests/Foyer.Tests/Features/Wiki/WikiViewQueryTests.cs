using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Data.Sqlite;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Features.Wiki;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foyer.Tests.Features.Wiki;

/// <summary>
/// The page view's hand-written SQL against the LINQ it replaced: the backlinks (one UNION ALL statement with the SQL
/// twins of the VisibleTo filters) must list exactly what the VisibleTo filters allow, in the same order, for every kind
/// of viewer; the breadcrumbs and subpages (one recursive statement) must match the tree.
/// </summary>
public abstract class WikiViewQueryTests(FoyerApp app)
{
    private DateTime Now => app.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Backlinks_show_exactly_what_the_audience_filters_allow_for_every_viewer()
    {
        var author = await app.CreateUserAsync(OrgRole.Member);
        var admin = await app.CreateUserAsync(OrgRole.Admin);
        var outsider = await app.CreateUserAsync(OrgRole.Member);
        var guestHere = await app.CreateUserAsync(OrgRole.Guest);
        var guestElsewhere = await app.CreateUserAsync(OrgRole.Guest);
        var home = await app.CreateSpaceAsync(SpaceVisibility.Open, author, guestHere);
        var open = await app.CreateSpaceAsync(SpaceVisibility.Open, author);
        var closed = await app.CreateSpaceAsync(SpaceVisibility.Closed, author, guestHere);
        var secret = await app.CreateSpaceAsync(SpaceVisibility.Secret, author);
        await app.CreateSpaceAsync(SpaceVisibility.Closed, outsider, guestElsewhere);

        var target = await AddPageAsync(home, author, "Ziel");
        await AddAliasAsync(target, "altes ziel");
        // The page links to itself: never its own backlink.
        await LinkAsync(WikiLinkSource.Page, target.Id, home.Id, "ziel");
        foreach (var space in new[] { home, open, closed, secret })
        {
            await AddLinkingContentAsync(space, author, home.Id);
        }

        var viewers = new[] { author, admin, outsider, guestHere, guestElsewhere }
            .Select(u => new Viewer(u.Id, u.Role, u.DisplayName, u.Handle)).Append(Viewer.Anonymous).ToList();
        var seen = new Dictionary<Viewer, int>();
        foreach (var viewer in viewers)
        {
            foreach (var limit in new[] { 100, 2 })
            {
                var (expected, actual) = await app.WithDbAsync(async db =>
                {
                    var reads = app.Services.GetRequiredService<SqlitePreparedReads>();
                    return (await ReferenceAsync(db, viewer, target, limit), await Backlinks.ForAsync(db, viewer, target, limit, reads));
                });
                Assert.Equal(expected, actual);
                if (limit == 100) seen[viewer] = actual.Count;
            }
        }
        // Each space holds a page, a post and a comment that count (and deleted ones that do not); the home space's
        // page that links by the old title adds one. Closed and secret spaces count for their members only.
        Assert.Equal((4 * 3) + 1, seen[viewers[0]]);
        Assert.Equal((2 * 3) + 1, seen[viewers[1]]);
        Assert.Equal((2 * 3) + 1, seen[viewers[2]]);
        Assert.Equal((2 * 3) + 1, seen[viewers[3]]);
        Assert.Equal(0, seen[viewers[4]]);
        Assert.Equal(0, seen[viewers[5]]);
    }

    [Fact]
    public async Task Breadcrumbs_and_subpages_come_in_tree_order_and_a_loop_ends()
    {
        var owner = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, owner);
        var top = await AddPageAsync(space, owner, "Oben");
        var middle = await AddPageAsync(space, owner, "Mitte", top.Id);
        var page = await AddPageAsync(space, owner, "Seite", middle.Id);
        await AddPageAsync(space, owner, "Zweite", page.Id, position: 2);
        await AddPageAsync(space, owner, "Zett", page.Id, position: 1);
        await AddPageAsync(space, owner, "Anfang", page.Id, position: 1);
        await AddPageAsync(space, owner, "Fremd", middle.Id);

        var around = await app.WithDbAsync(db => WikiTree.SurroundingsAsync(db, space.Id, page.Id, page.ParentId,
            app.Services.GetRequiredService<SqlitePreparedReads>()));
        Assert.Equal(["Oben", "Mitte"], around.Breadcrumbs.Select(n => n.Title));
        Assert.Equal(["Anfang", "Zett", "Zweite"], around.Children.Select(n => n.Title));
        var topLevel = await app.WithDbAsync(db => WikiTree.SurroundingsAsync(db, space.Id, top.Id, null));
        Assert.Empty(topLevel.Breadcrumbs);
        Assert.Equal(["Mitte"], topLevel.Children.Select(n => n.Title));

        // A broken tree: two pages that are each other's parent. The trail stops at the first page seen twice.
        var a = await AddPageAsync(space, owner, "Kreis A");
        var b = await AddPageAsync(space, owner, "Kreis B", a.Id);
        await app.WithDbAsync(db => db.WikiPages.Where(p => p.Id == a.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.ParentId, (long?)b.Id)));
        var inLoop = await AddPageAsync(space, owner, "Im Kreis", a.Id);
        var looped = await app.WithDbAsync(db => WikiTree.SurroundingsAsync(db, space.Id, inLoop.Id, inLoop.ParentId));
        Assert.Equal(["Kreis B", "Kreis A"], looped.Breadcrumbs.Select(n => n.Title));
    }

    [Fact]
    public async Task The_discussion_link_shows_only_to_readers_of_the_post()
    {
        var owner = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, owner);
        var secret = await app.CreateSpaceAsync(SpaceVisibility.Secret, owner);
        var secretPost = await AddPostAsync(secret, owner, "Geheime Diskussion");
        var deletedPost = await AddPostAsync(space, owner, "Gelöschte Diskussion", deleted: true);
        var fromSecret = await AddPageAsync(space, owner, "Aus dem Geheimen", sourcePostId: secretPost.Id);
        var fromDeleted = await AddPageAsync(space, owner, "Aus dem Gelöschten", sourcePostId: deletedPost.Id);
        var ownerClient = await app.LoginAsync(owner);
        var colleague = await app.LoginAsync(await app.CreateUserAsync());

        var mine = await ownerClient.GetPageAsync($"/spaces/{space.Slug}/wiki/{fromSecret.Slug}");
        Assert.Contains($"href=\"/posts/{secretPost.Id}\"", mine, StringComparison.Ordinal);
        var theirs = await colleague.GetPageAsync($"/spaces/{space.Slug}/wiki/{fromSecret.Slug}");
        Assert.DoesNotContain($"/posts/{secretPost.Id}", theirs, StringComparison.Ordinal);
        var deleted = await ownerClient.GetPageAsync($"/spaces/{space.Slug}/wiki/{fromDeleted.Slug}");
        Assert.DoesNotContain($"/posts/{deletedPost.Id}", deleted, StringComparison.Ordinal);
        Assert.Contains($"Person {owner.Handle}", deleted, StringComparison.Ordinal);
    }

    /// <summary>
    /// In one space: a page linking by the current title, one linking by the old title (home space only, so the alias
    /// counts), a post and a comment that count, a deleted post, a deleted comment and a comment on a deleted post
    /// that do not, and a link to another title that does not.
    /// </summary>
    private async Task AddLinkingContentAsync(Space space, User author, long targetSpaceId)
    {
        var page = await AddPageAsync(space, author, app.Unique("Quelle "));
        await LinkAsync(WikiLinkSource.Page, page.Id, targetSpaceId, "ziel");
        var post = await AddPostAsync(space, author, app.Unique("Beitrag mit Link\r\nund zweiter Zeile, die lang genug ist, damit der Auszug nach achtzig Zeichen endet"));
        await LinkAsync(WikiLinkSource.Post, post.Id, targetSpaceId, "ziel");
        var deletedPost = await AddPostAsync(space, author, app.Unique("Gelöscht"), deleted: true);
        await LinkAsync(WikiLinkSource.Post, deletedPost.Id, targetSpaceId, "ziel");
        var comment = await AddCommentAsync(post, author, 1);
        await LinkAsync(WikiLinkSource.Comment, comment.Id, targetSpaceId, "ziel");
        var deletedComment = await AddCommentAsync(post, author, 2, deleted: true);
        await LinkAsync(WikiLinkSource.Comment, deletedComment.Id, targetSpaceId, "ziel");
        var onDeleted = await AddCommentAsync(deletedPost, author, 1);
        await LinkAsync(WikiLinkSource.Comment, onDeleted.Id, targetSpaceId, "ziel");
        var other = await AddPostAsync(space, author, app.Unique("Anderes Ziel"));
        await LinkAsync(WikiLinkSource.Post, other.Id, targetSpaceId, "ganz anderes");
        await LinkAsync(WikiLinkSource.Post, other.Id, space.Id == targetSpaceId ? -1 : space.Id, "ziel");
        if (space.Id == targetSpaceId)
        {
            var renamed = await AddPageAsync(space, author, app.Unique("Alte Quelle "));
            await LinkAsync(WikiLinkSource.Page, renamed.Id, targetSpaceId, "altes ziel");
        }
    }

    /// <summary>The LINQ this statement replaced (the VisibleTo filters, four queries), word for word: what "the same" means.</summary>
    private static async Task<List<Backlink>> ReferenceAsync(FoyerDbContext db, Viewer viewer, WikiPage page, int limit)
    {
        var titles = await db.WikiAliases.AsNoTracking()
            .Where(a => a.PageId == page.Id && a.Kind == WikiAliasKind.Title).Select(a => a.Value).ToListAsync();
        titles.Add(page.NormalizedTitle);
        var links = db.WikiLinks.AsNoTracking().Where(l => l.TargetSpaceId == page.SpaceId && titles.Contains(l.TargetTitle));
        var fromPages = links.Where(l => l.SourceKind == WikiLinkSource.Page).Select(l => l.SourceId);
        var fromPosts = links.Where(l => l.SourceKind == WikiLinkSource.Post).Select(l => l.SourceId);
        var fromComments = links.Where(l => l.SourceKind == WikiLinkSource.Comment).Select(l => l.SourceId);
        var pages = await db.WikiPages.AsNoTracking().VisibleTo(viewer)
            .Where(p => p.Id != page.Id && fromPages.Contains(p.Id))
            .OrderBy(p => p.Title).Take(limit)
            .Select(p => new { p.Title, p.Slug, SpaceSlug = p.Space!.Slug, SpaceName = p.Space.Name, p.SpaceId }).ToListAsync();
        var posts = await db.Posts.AsNoTracking().VisibleTo(viewer)
            .Where(p => fromPosts.Contains(p.Id))
            .OrderByDescending(p => p.Id).Take(limit)
            .Select(p => new { p.Id, p.PlainText, Author = p.Author!.DisplayName }).ToListAsync();
        var comments = await db.Comments.AsNoTracking().VisibleTo(viewer)
            .Where(c => fromComments.Contains(c.Id))
            .OrderByDescending(c => c.Id).Take(limit)
            .Select(c => new { c.PostId, c.Number, c.PlainText, Author = c.Author!.DisplayName }).ToListAsync();
        var result = new List<Backlink>();
        result.AddRange(pages.Select(p => new Backlink("page", p.SpaceId == page.SpaceId ? p.Title : $"{p.SpaceName}: {p.Title}", $"/spaces/{p.SpaceSlug}/wiki/{p.Slug}")));
        result.AddRange(posts.Select(p => new Backlink("post", $"{p.Author}: {Excerpt(p.PlainText)}", $"/posts/{p.Id}")));
        result.AddRange(comments.Select(c => new Backlink("comment", $"{c.Author}: {Excerpt(c.PlainText)}", $"/posts/{c.PostId}#comment-{c.Number}")));
        return result;

        static string Excerpt(string text)
        {
            var line = text.ReplaceLineEndings(" ").Trim();
            return line.Length <= 80 ? line : line[..80] + "…";
        }
    }

    private Task<WikiPage> AddPageAsync(Space space, User author, string title, long? parentId = null, int position = 0, long? sourcePostId = null) =>
        AddAsync(new WikiPage
        {
            SpaceId = space.Id, ParentId = parentId, Position = position, Title = title, NormalizedTitle = title.ToLowerInvariant(),
            Slug = app.Unique("seite-").ToLowerInvariant(), Markdown = title, Html = $"<p>{title}</p>", PlainText = title,
            CreatedById = author.Id, CreatedAt = Now, UpdatedById = author.Id, UpdatedAt = Now, SourcePostId = sourcePostId,
        });

    private Task<Post> AddPostAsync(Space space, User author, string text, bool deleted = false) =>
        AddAsync(new Post
        {
            SpaceId = space.Id, AuthorId = author.Id, Markdown = text, Html = $"<p>{text}</p>", PlainText = text,
            CreatedAt = Now, DeletedAt = deleted ? Now : null,
        });

    private Task<Comment> AddCommentAsync(Post post, User author, int number, bool deleted = false)
    {
        var text = app.Unique("Kommentar mit Link ");
        return AddAsync(new Comment
        {
            PostId = post.Id, Number = number, AuthorId = author.Id, Markdown = text, Html = $"<p>{text}</p>", PlainText = text,
            CreatedAt = Now, DeletedAt = deleted ? Now : null,
        });
    }

    private Task<WikiAlias> AddAliasAsync(WikiPage page, string title) =>
        AddAsync(new WikiAlias { SpaceId = page.SpaceId, PageId = page.Id, Kind = WikiAliasKind.Title, Value = title });

    /// <summary>A link row as the link indexer writes it; a target space of -1 stands for a space that is not the page's.</summary>
    private async Task LinkAsync(WikiLinkSource kind, long sourceId, long targetSpaceId, string title)
    {
        if (targetSpaceId < 0) return;
        await AddAsync(new WikiLink { SourceKind = kind, SourceId = sourceId, TargetSpaceId = targetSpaceId, TargetTitle = title });
    }

    private Task<T> AddAsync<T>(T entity) where T : class => app.WithDbAsync(async db =>
    {
        db.Add(entity);
        await db.SaveChangesAsync();
        return entity;
    });
}

[Collection(SqliteCollection.Name)]
public sealed class WikiViewQuerySqliteTests(SqliteApp app) : WikiViewQueryTests(app);

[Collection(PostgresCollection.Name)]
public sealed class WikiViewQueryPostgresTests(PostgresApp app) : WikiViewQueryTests(app);
