using System.Net;
using Foyer.Data;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Foyer.Web.Features.Stream;
using Foyer.Web.Infrastructure.Content;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

public enum WikiSaveOutcome
{
    Saved,
    Unchanged,
    /// <summary>Someone saved a newer version since the editor started; nothing was written.</summary>
    Conflict,
    /// <summary>Another page of the space has this title; nothing was written.</summary>
    TitleTaken,
}

/// <summary>
/// Every write to the wiki: a page and its first revision, a new revision per save (with rename and its aliases),
/// its [[links]], its entry in the space's stream, and re-rendering the texts whose links now find it.
/// </summary>
public sealed class WikiWriter(FoyerDbContext db, SpaceContentRenderer renderer, PostWriter posts, TimeProvider time)
{
    /// <summary>Slugs taken by the wiki's own pages (new, by-title, templates): a page never gets one of them.</summary>
    public static readonly string[] ReservedSlugs = ["new", "by-title", "templates"];

    /// <summary>Edits that change fewer characters than this stay out of the stream unless a summary says otherwise.</summary>
    public const int SubstantialChange = 40;

    public async Task<(WikiPage? Page, WikiSaveOutcome Outcome)> CreateAsync(Space space, long authorId, string title, string markdown,
        long? parentId, string summary, long? sourcePostId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var normalized = WikiTitles.Normalize(title);
        if (await db.WikiPages.AnyAsync(p => p.SpaceId == space.Id && p.NormalizedTitle == normalized)) return (null, WikiSaveOutcome.TitleTaken);
        var content = await renderer.RenderAsync(space, markdown);
        var page = new WikiPage
        {
            SpaceId = space.Id, ParentId = parentId, Title = title, NormalizedTitle = normalized, Slug = await UniqueSlugAsync(space.Id, title, null),
            Markdown = markdown, Html = content.Rendered.Html, PlainText = content.Rendered.PlainText, Version = 1,
            CreatedById = authorId, CreatedAt = now, UpdatedById = authorId, UpdatedAt = now, SourcePostId = sourcePostId,
            Position = (await db.WikiPages.Where(p => p.SpaceId == space.Id && p.ParentId == parentId).MaxAsync(p => (int?)p.Position) ?? 0) + 1,
        };
        await using var tx = await db.Database.BeginTransactionAsync();
        db.WikiPages.Add(page);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (null, WikiSaveOutcome.TitleTaken);
        }
        db.WikiRevisions.Add(new WikiRevision { PageId = page.Id, Version = 1, Title = title, Markdown = markdown, Summary = summary, AuthorId = authorId, CreatedAt = now });
        // A new page takes its title back from any page that once had it.
        await db.WikiAliases.Where(a => a.SpaceId == space.Id && a.Kind == WikiAliasKind.Title && a.Value == normalized).ExecuteDeleteAsync();
        await posts.SetWikiLinksAsync(WikiLinkSource.Page, page.Id, content.LinkTargets);
        AddStreamEntry(page, authorId, PostKind.WikiCreated, summary, now);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        await RelinkAsync(space.Id, normalized);
        return (page, WikiSaveOutcome.Saved);
    }

    public async Task<WikiSaveOutcome> SaveAsync(Space space, WikiPage page, long editorId, int baseVersion, string title, string markdown,
        string summary, bool minor)
    {
        if (baseVersion != page.Version) return WikiSaveOutcome.Conflict;
        var normalized = WikiTitles.Normalize(title);
        var renamed = normalized != page.NormalizedTitle;
        if (!renamed && title == page.Title && markdown == page.Markdown) return WikiSaveOutcome.Unchanged;
        if (renamed && await db.WikiPages.AnyAsync(p => p.SpaceId == space.Id && p.NormalizedTitle == normalized && p.Id != page.Id))
        {
            return WikiSaveOutcome.TitleTaken;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var content = await renderer.RenderAsync(space, markdown);
        var slug = title == page.Title ? page.Slug : await UniqueSlugAsync(space.Id, title, page.Id);
        var version = baseVersion + 1;
        await using var tx = await db.Database.BeginTransactionAsync();
        int updated;
        try
        {
            // The version check and the write are one statement: of two saves based on the same version, one wins.
            updated = await db.WikiPages.Where(p => p.Id == page.Id && p.Version == baseVersion).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Title, title).SetProperty(p => p.NormalizedTitle, normalized).SetProperty(p => p.Slug, slug)
                .SetProperty(p => p.Markdown, markdown).SetProperty(p => p.Html, content.Rendered.Html)
                .SetProperty(p => p.PlainText, content.Rendered.PlainText).SetProperty(p => p.Version, version)
                .SetProperty(p => p.UpdatedById, editorId).SetProperty(p => p.UpdatedAt, now));
        }
        catch (DbUpdateException)
        {
            return WikiSaveOutcome.TitleTaken;
        }
        if (updated > 0) await Search.SearchQueue.For(db).WriteAsync(db, new Search.SearchChange(Foyer.Data.Search.SearchKind.WikiPage, page.Id, Gone: false));
        if (updated == 0) return WikiSaveOutcome.Conflict;

        db.WikiRevisions.Add(new WikiRevision { PageId = page.Id, Version = version, Title = title, Markdown = markdown, Summary = summary, AuthorId = editorId, CreatedAt = now });
        if (slug != page.Slug)
        {
            await ReplaceAliasAsync(space.Id, WikiAliasKind.Slug, page.Slug, page.Id);
            await db.WikiAliases.Where(a => a.SpaceId == space.Id && a.Kind == WikiAliasKind.Slug && a.Value == slug).ExecuteDeleteAsync();
        }
        if (renamed)
        {
            // Links written with the old title keep working.
            await ReplaceAliasAsync(space.Id, WikiAliasKind.Title, page.NormalizedTitle, page.Id);
            await db.WikiAliases.Where(a => a.SpaceId == space.Id && a.Kind == WikiAliasKind.Title && a.Value == normalized).ExecuteDeleteAsync();
        }
        await posts.SetWikiLinksAsync(WikiLinkSource.Page, page.Id, content.LinkTargets);
        var substantial = !string.IsNullOrWhiteSpace(summary) || renamed || WikiDiff.ChangedCharacters(page.Markdown, markdown) >= SubstantialChange;
        if (!minor && substantial && !await RecentlyAnnouncedAsync(page.Id, editorId, now))
        {
            AddStreamEntry(page, editorId, PostKind.WikiUpdated, summary, now);
        }
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        if (renamed)
        {
            // Texts that link with the new title find the page now; those with the old one get its new address.
            await RelinkAsync(space.Id, normalized);
            await RelinkAsync(space.Id, page.NormalizedTitle);
        }
        return WikiSaveOutcome.Saved;
    }

    /// <summary>Re-renders every page, post and comment that links to this title, so a link to a new page stops looking missing.</summary>
    public async Task RelinkAsync(long spaceId, string normalizedTitle)
    {
        var sources = await db.WikiLinks.AsNoTracking().Where(l => l.TargetSpaceId == spaceId && l.TargetTitle == normalizedTitle)
            .Select(l => new { l.SourceKind, l.SourceId }).Distinct().Take(1000).ToListAsync();
        foreach (var source in sources)
        {
            switch (source.SourceKind)
            {
                case WikiLinkSource.Page:
                    var page = await db.WikiPages.AsNoTracking().Include(p => p.Space).FirstOrDefaultAsync(p => p.Id == source.SourceId);
                    if (page is null) break;
                    var pageHtml = (await renderer.RenderAsync(page.Space!, page.Markdown)).Rendered.Html;
                    await db.WikiPages.Where(p => p.Id == page.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Html, pageHtml));
                    break;
                case WikiLinkSource.Post:
                    var post = await db.Posts.AsNoTracking().Include(p => p.Space).FirstOrDefaultAsync(p => p.Id == source.SourceId);
                    if (post is null || post.Kind != PostKind.Regular) break;
                    var postHtml = (await renderer.RenderAsync(post.Space!, post.Markdown)).Rendered.Html;
                    await db.Posts.Where(p => p.Id == post.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Html, postHtml));
                    break;
                case WikiLinkSource.Comment:
                    var comment = await db.Comments.AsNoTracking().Include(c => c.Post).ThenInclude(p => p!.Space)
                        .FirstOrDefaultAsync(c => c.Id == source.SourceId);
                    if (comment is null) break;
                    var commentHtml = (await renderer.RenderAsync(comment.Post!.Space!, comment.Markdown)).Rendered.Html;
                    await db.Comments.Where(c => c.Id == comment.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Html, commentHtml));
                    break;
            }
        }
    }

    private async Task<bool> RecentlyAnnouncedAsync(long pageId, long editorId, DateTime now)
    {
        // A burst of saves by one person is one entry in the stream, not ten.
        var since = now.AddMinutes(-30);
        return await db.Posts.AnyAsync(p => p.WikiPageId == pageId && p.AuthorId == editorId && p.CreatedAt > since && p.DeletedAt == null);
    }

    private void AddStreamEntry(WikiPage page, long authorId, PostKind kind, string summary, DateTime now)
    {
        var text = summary.Trim();
        db.Posts.Add(new Post
        {
            SpaceId = page.SpaceId, AuthorId = authorId, Kind = kind, WikiPage = page.Id == 0 ? page : null,
            WikiPageId = page.Id == 0 ? null : page.Id, Markdown = text,
            Html = text.Length == 0 ? "" : "<p>" + WebUtility.HtmlEncode(text) + "</p>", PlainText = text, CreatedAt = now,
        });
    }

    private async Task ReplaceAliasAsync(long spaceId, WikiAliasKind kind, string value, long pageId)
    {
        await db.WikiAliases.Where(a => a.SpaceId == spaceId && a.Kind == kind && a.Value == value).ExecuteDeleteAsync();
        db.WikiAliases.Add(new WikiAlias { SpaceId = spaceId, Kind = kind, Value = value, PageId = pageId });
    }

    private async Task<string> UniqueSlugAsync(long spaceId, string title, long? pageId)
    {
        var stem = Slugs.From(title, maxLength: WikiPage.MaxTitleLength);
        if (stem.Length == 0) stem = "seite";
        if (ReservedSlugs.Contains(stem)) stem += "-page";
        var taken = await db.WikiPages.Where(p => p.SpaceId == spaceId && p.Id != pageId && (p.Slug == stem || p.Slug.StartsWith(stem + "-")))
            .Select(p => p.Slug).ToListAsync();
        var slug = stem;
        for (var n = 2; taken.Contains(slug); n++) slug = $"{stem}-{n}";
        return slug;
    }
}
