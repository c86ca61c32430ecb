using Foyer.Data;
using Foyer.Data.Wiki;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

public sealed record Backlink(string Kind, string Title, string Href);

/// <summary>What links to a page: other pages, posts and comments, each as far as the viewer may read it.</summary>
public static class Backlinks
{
    public static async Task<List<Backlink>> ForAsync(FoyerDbContext db, Viewer viewer, WikiPage page, int limit = 100)
    {
        var titles = await db.WikiAliases.AsNoTracking()
            .Where(a => a.PageId == page.Id && a.Kind == WikiAliasKind.Title).Select(a => a.Value).ToListAsync();
        titles.Add(page.NormalizedTitle);
        var links = db.WikiLinks.AsNoTracking().Where(l => l.TargetSpaceId == page.SpaceId && titles.Contains(l.TargetTitle));
        // "Id IN (the link rows' sources)": the search starts from the few link rows of this page (an index lookup),
        // never from all pages, posts or comments.
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
    }

    private static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 80 ? line : line[..80] + "…";
    }
}
