using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Blogs;
using Foyer.Data.Files;
using Foyer.Data.Search;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Search;

/// <summary>Posts: readers of the space; gone when deleted (their comments and files with them). The sandbox is never indexed.</summary>
public sealed class PostSearchSource : ISearchSource
{
    public SearchKind Kind => SearchKind.Post;

    public IEnumerable<SearchChange> Changes(EntityChange change)
    {
        if (change.Entity is not Post post || !change.TouchedAny(nameof(Post.PlainText), nameof(Post.DeletedAt), nameof(Post.SpaceId), nameof(Post.WikiPageId))) yield break;
        var gone = change.State == EntityState.Deleted || post.DeletedAt is not null;
        // Deleting or restoring a post hides or shows its whole thread.
        yield return new SearchChange(Kind, post.Id, gone, Thread: change.Touched(nameof(Post.DeletedAt)));
    }

    public Task<List<SearchDocument>> LoadAsync(FoyerDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        db.Posts.AsNoTracking().Where(p => ids.Contains(p.Id) && p.DeletedAt == null && !p.Space!.IsSandbox)
            .Select(p => new SearchDocument
            {
                Kind = SearchKind.Post, SourceId = p.Id, SpaceId = p.SpaceId, Reach = SearchReach.SpaceReaders, AuthorId = p.AuthorId,
                ThreadId = p.Id, CreatedAt = p.CreatedAt, UpdatedAt = p.EditedAt ?? p.CreatedAt, VisibleFrom = p.CreatedAt,
                Title = p.WikiPage != null ? p.WikiPage.Title : "", Body = p.PlainText, Path = "/posts/" + p.Id,
                Tags = " " + string.Join(" ", p.Tags.Select(t => t.Tag!.Name)) + " ",
            }).ToListAsync(cancellationToken);

    public Task<List<long>> IdsAfterAsync(FoyerDbContext db, long after, int take, CancellationToken cancellationToken) =>
        db.Posts.Where(p => p.Id > after && p.DeletedAt == null && !p.Space!.IsSandbox).OrderBy(p => p.Id).Select(p => p.Id).Take(take).ToListAsync(cancellationToken);
}

/// <summary>Comments on posts: readers of the post's space, while the comment and its post exist.</summary>
public sealed class CommentSearchSource : ISearchSource
{
    public SearchKind Kind => SearchKind.Comment;

    public IEnumerable<SearchChange> Changes(EntityChange change)
    {
        if (change.Entity is Comment comment && change.TouchedAny(nameof(Comment.PlainText), nameof(Comment.DeletedAt)))
        {
            yield return new SearchChange(Kind, comment.Id, change.State == EntityState.Deleted || comment.DeletedAt is not null);
        }
    }

    public Task<List<SearchDocument>> LoadAsync(FoyerDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        db.Comments.AsNoTracking().Where(c => ids.Contains(c.Id) && c.DeletedAt == null && c.Post!.DeletedAt == null && !c.Post.Space!.IsSandbox)
            .Select(c => new SearchDocument
            {
                Kind = SearchKind.Comment, SourceId = c.Id, SpaceId = c.Post!.SpaceId, Reach = SearchReach.SpaceReaders, AuthorId = c.AuthorId,
                ThreadId = c.PostId, CreatedAt = c.CreatedAt, UpdatedAt = c.EditedAt ?? c.CreatedAt, VisibleFrom = c.CreatedAt,
                Title = "", Body = c.PlainText, Path = "/posts/" + c.PostId + "#comment-" + c.Number,
            }).ToListAsync(cancellationToken);

    public Task<List<long>> IdsAfterAsync(FoyerDbContext db, long after, int take, CancellationToken cancellationToken) =>
        db.Comments.Where(c => c.Id > after && c.DeletedAt == null && c.Post!.DeletedAt == null && !c.Post.Space!.IsSandbox).OrderBy(c => c.Id).Select(c => c.Id)
            .Take(take).ToListAsync(cancellationToken);
}

/// <summary>Wiki pages: readers of the space.</summary>
public sealed class WikiPageSearchSource : ISearchSource
{
    public SearchKind Kind => SearchKind.WikiPage;

    public IEnumerable<SearchChange> Changes(EntityChange change)
    {
        if (change.Entity is WikiPage page && change.TouchedAny(nameof(WikiPage.Title), nameof(WikiPage.PlainText), nameof(WikiPage.Slug), nameof(WikiPage.SpaceId))) yield return new SearchChange(Kind, page.Id, change.State == EntityState.Deleted);
    }

    public Task<List<SearchDocument>> LoadAsync(FoyerDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        db.WikiPages.AsNoTracking().Where(p => ids.Contains(p.Id) && !p.Space!.IsSandbox)
            .Select(p => new SearchDocument
            {
                Kind = SearchKind.WikiPage, SourceId = p.Id, SpaceId = p.SpaceId, Reach = SearchReach.SpaceReaders, AuthorId = p.UpdatedById,
                CreatedAt = p.CreatedAt, UpdatedAt = p.UpdatedAt, VisibleFrom = p.CreatedAt,
                Title = p.Title, Body = p.PlainText, Path = "/spaces/" + p.Space!.Slug + "/wiki/" + p.Slug,
            }).ToListAsync(cancellationToken);

    public Task<List<long>> IdsAfterAsync(FoyerDbContext db, long after, int take, CancellationToken cancellationToken) =>
        db.WikiPages.Where(p => p.Id > after && !p.Space!.IsSandbox).OrderBy(p => p.Id).Select(p => p.Id).Take(take).ToListAsync(cancellationToken);
}

/// <summary>Blog articles: published or scheduled (findable from their time), on their rung of the openness ladder.</summary>
public sealed class ArticleSearchSource : ISearchSource
{
    public SearchKind Kind => SearchKind.Article;

    public IEnumerable<SearchChange> Changes(EntityChange change)
    {
        if (change.Entity is not Article article || !change.TouchedAny(nameof(Article.Title), nameof(Article.PlainText), nameof(Article.Status),
                nameof(Article.Audience), nameof(Article.PublishAt), nameof(Article.Slug), nameof(Article.BlogId))) yield break;
        var gone = change.State == EntityState.Deleted || article.Status == ArticleStatus.Draft;
        yield return new SearchChange(Kind, article.Id, gone, Thread: change.Touched(nameof(Article.Status)) || change.Touched(nameof(Article.Audience)));
    }

    public async Task<List<SearchDocument>> LoadAsync(FoyerDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var rows = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id) && a.Status != ArticleStatus.Draft && (a.Blog!.Space == null || !a.Blog.Space.IsSandbox))
            .Select(a => new
            {
                a.Id, a.Status, a.PublishAt, a.Audience, a.Blog!.SpaceId, SpaceSlug = a.Blog.Space != null ? a.Blog.Space.Slug : null,
                a.AuthorId, a.CreatedAt, a.UpdatedAt, a.Title, a.PlainText, a.Slug,
                Tags = a.Tags.Select(t => t.Tag!.Name).ToList(),
            }).ToListAsync(cancellationToken);
        return rows.Select(a =>
        {
            var (reach, spaceId) = ReachOf(a.Audience, a.SpaceId);
            return new SearchDocument
            {
                Kind = SearchKind.Article, SourceId = a.Id, SpaceId = spaceId, Reach = reach, AuthorId = a.AuthorId, ThreadId = a.Id,
                CreatedAt = a.CreatedAt, UpdatedAt = a.UpdatedAt,
                VisibleFrom = a.Status == ArticleStatus.Scheduled && a.PublishAt is DateTime at ? at : a.CreatedAt,
                Title = a.Title, Body = SearchText.Cut(a.PlainText),
                Path = (a.SpaceSlug is null ? "/blog/" : $"/spaces/{a.SpaceSlug}/blog/") + a.Slug,
                Tags = " " + string.Join(" ", a.Tags) + " ",
            };
        }).ToList();
    }

    /// <summary>The article's rung of the ladder as the index keeps it (AudienceFilter.VisibleTo for articles, flattened).</summary>
    public static (SearchReach Reach, long? SpaceId) ReachOf(ArticleAudience audience, long? blogSpaceId) => audience switch
    {
        ArticleAudience.Public => (SearchReach.Public, blogSpaceId),
        ArticleAudience.Organisation => (SearchReach.Members, blogSpaceId),
        _ when blogSpaceId is null => (SearchReach.Members, null),
        _ => (SearchReach.SpaceReaders, blogSpaceId),
    };

    public Task<List<long>> IdsAfterAsync(FoyerDbContext db, long after, int take, CancellationToken cancellationToken) =>
        db.Articles.Where(a => a.Id > after && a.Status != ArticleStatus.Draft).OrderBy(a => a.Id).Select(a => a.Id).Take(take).ToListAsync(cancellationToken);
}

/// <summary>Published comments on blog articles, with their article's audience. A guest's e-mail address is never indexed.</summary>
public sealed class ArticleCommentSearchSource : ISearchSource
{
    public SearchKind Kind => SearchKind.ArticleComment;

    public IEnumerable<SearchChange> Changes(EntityChange change)
    {
        if (change.Entity is ArticleComment comment && change.TouchedAny(nameof(ArticleComment.Html), nameof(ArticleComment.Status)))
        {
            yield return new SearchChange(Kind, comment.Id, change.State == EntityState.Deleted || comment.Status != CommentStatus.Published);
        }
    }

    public async Task<List<SearchDocument>> LoadAsync(FoyerDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var rows = await db.ArticleComments.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.Status == CommentStatus.Published && c.Article!.Status != ArticleStatus.Draft)
            .Select(c => new
            {
                c.Id, c.ArticleId, c.Number, c.AuthorId, c.CreatedAt, c.EditedAt, c.Html, c.Article!.Audience, c.Article.Status, c.Article.PublishAt,
                c.Article.Blog!.SpaceId, SpaceSlug = c.Article.Blog.Space != null ? c.Article.Blog.Space.Slug : null, ArticleSlug = c.Article.Slug,
            }).ToListAsync(cancellationToken);
        return rows.Select(c =>
        {
            var (reach, spaceId) = ArticleSearchSource.ReachOf(c.Audience, c.SpaceId);
            return new SearchDocument
            {
                Kind = SearchKind.ArticleComment, SourceId = c.Id, SpaceId = spaceId, Reach = reach, AuthorId = c.AuthorId, ThreadId = c.ArticleId,
                CreatedAt = c.CreatedAt, UpdatedAt = c.EditedAt ?? c.CreatedAt,
                VisibleFrom = c.Status == ArticleStatus.Scheduled && c.PublishAt is DateTime at && at > c.CreatedAt ? at : c.CreatedAt,
                Body = SearchText.Cut(SearchText.FromHtml(c.Html)),
                Path = (c.SpaceSlug is null ? "/blog/" : $"/spaces/{c.SpaceSlug}/blog/") + c.ArticleSlug + "#comment-" + c.Number,
            };
        }).ToList();
    }

    public Task<List<long>> IdsAfterAsync(FoyerDbContext db, long after, int take, CancellationToken cancellationToken) =>
        db.ArticleComments.Where(c => c.Id > after && c.Status == CommentStatus.Published).OrderBy(c => c.Id).Select(c => c.Id).Take(take).ToListAsync(cancellationToken);
}

/// <summary>File names, findable by whoever may see the post, comment, page or article they are attached to.</summary>
public sealed class FileSearchSource : ISearchSource
{
    public SearchKind Kind => SearchKind.File;

    public IEnumerable<SearchChange> Changes(EntityChange change)
    {
        if (change.Entity is StoredFile file && change.TouchedAny(nameof(StoredFile.OwnerKind), nameof(StoredFile.OwnerId), nameof(StoredFile.FileName))) yield return new SearchChange(Kind, file.Id, change.State == EntityState.Deleted || file.OwnerKind == FileOwnerKind.Pending);
    }

    public async Task<List<SearchDocument>> LoadAsync(FoyerDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var files = await db.Files.AsNoTracking().Where(f => ids.Contains(f.Id) && f.OwnerKind != FileOwnerKind.Pending && f.OwnerId != null)
            .ToListAsync(cancellationToken);
        var docs = new List<SearchDocument>();
        foreach (var group in files.GroupBy(f => f.OwnerKind))
        {
            var owners = group.Select(f => f.OwnerId!.Value).Distinct().ToList();
            // Where each owner is, who may see it, and its address: the owner's own source says so.
            Dictionary<long, SearchDocument> places = group.Key switch
            {
                FileOwnerKind.Post => (await new PostSearchSource().LoadAsync(db, owners, cancellationToken)).ToDictionary(d => d.SourceId),
                FileOwnerKind.Comment => (await new CommentSearchSource().LoadAsync(db, owners, cancellationToken)).ToDictionary(d => d.SourceId),
                FileOwnerKind.WikiPage => (await new WikiPageSearchSource().LoadAsync(db, owners, cancellationToken)).ToDictionary(d => d.SourceId),
                FileOwnerKind.Article => (await new ArticleSearchSource().LoadAsync(db, owners, cancellationToken)).ToDictionary(d => d.SourceId),
                _ => [],
            };
            foreach (var f in group)
            {
                if (!places.TryGetValue(f.OwnerId!.Value, out var owner)) continue;
                docs.Add(new SearchDocument
                {
                    Kind = SearchKind.File, SourceId = f.Id, SpaceId = owner.SpaceId, Reach = owner.Reach, AuthorId = f.UploadedById,
                    ThreadId = owner.ThreadId, CreatedAt = f.CreatedAt, UpdatedAt = f.CreatedAt, VisibleFrom = owner.VisibleFrom,
                    Title = f.FileName, Body = owner.Title.Length > 0 ? owner.Title : SearchText.Cut(owner.Body, 300),
                    Path = $"/files/{f.PublicId}/{Uri.EscapeDataString(f.FileName)}",
                });
            }
        }
        return docs;
    }

    /// <summary>The files attached to these owners: indexed again with them, since attaching bypasses the change tracker.</summary>
    public static Task<List<long>> OfOwnersAsync(FoyerDbContext db, SearchKind ownerKind, IReadOnlyCollection<long> ownerIds, CancellationToken cancellationToken)
    {
        FileOwnerKind? kind = ownerKind switch
        {
            SearchKind.Post => FileOwnerKind.Post,
            SearchKind.Comment => FileOwnerKind.Comment,
            SearchKind.WikiPage => FileOwnerKind.WikiPage,
            SearchKind.Article => FileOwnerKind.Article,
            _ => null,
        };
        if (kind is null || ownerIds.Count == 0) return Task.FromResult(new List<long>());
        var owners = ownerIds.Select(i => (long?)i).ToList();
        return db.Files.Where(f => f.OwnerKind == kind && owners.Contains(f.OwnerId)).Select(f => f.Id).ToListAsync(cancellationToken);
    }

    public Task<List<long>> IdsAfterAsync(FoyerDbContext db, long after, int take, CancellationToken cancellationToken) =>
        db.Files.Where(f => f.Id > after && f.OwnerKind != FileOwnerKind.Pending).OrderBy(f => f.Id).Select(f => f.Id).Take(take).ToListAsync(cancellationToken);
}

/// <summary>Spaces, by name and description, for those who may know they exist (secret ones only for their members).</summary>
public sealed class SpaceSearchSource : ISearchSource
{
    public SearchKind Kind => SearchKind.Space;

    public IEnumerable<SearchChange> Changes(EntityChange change)
    {
        if (change.Entity is Space space && change.TouchedAny(nameof(Space.Name), nameof(Space.Description), nameof(Space.Slug), nameof(Space.Visibility)))
        {
            // A new address moves the addresses of the space's wiki pages and blog articles with it (its "thread").
            yield return new SearchChange(Kind, space.Id, change.State == EntityState.Deleted,
                Thread: change.State == EntityState.Modified && change.Modified.Contains(nameof(Space.Slug)));
        }
    }

    public Task<List<SearchDocument>> LoadAsync(FoyerDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        db.Spaces.AsNoTracking().Where(s => ids.Contains(s.Id) && !s.IsSandbox)
            .Select(s => new SearchDocument
            {
                Kind = SearchKind.Space, SourceId = s.Id, SpaceId = s.Id, Reach = SearchReach.SpaceListing, AuthorId = s.CreatedById,
                CreatedAt = s.CreatedAt, UpdatedAt = s.CreatedAt, VisibleFrom = s.CreatedAt,
                Title = s.Name, Body = s.Description, Path = "/spaces/" + s.Slug,
            }).ToListAsync(cancellationToken);

    public Task<List<long>> IdsAfterAsync(FoyerDbContext db, long after, int take, CancellationToken cancellationToken) =>
        db.Spaces.Where(s => s.Id > after && !s.IsSandbox).OrderBy(s => s.Id).Select(s => s.Id).Take(take).ToListAsync(cancellationToken);
}

/// <summary>People, by name, handle and bio; deactivated accounts are not findable.</summary>
public sealed class PersonSearchSource : ISearchSource
{
    public SearchKind Kind => SearchKind.Person;

    public IEnumerable<SearchChange> Changes(EntityChange change)
    {
        if (change.Entity is User user && change.TouchedAny(nameof(User.DisplayName), nameof(User.Handle), nameof(User.Bio), nameof(User.Role), nameof(User.DeactivatedAt))) yield return new SearchChange(Kind, user.Id, change.State == EntityState.Deleted || user.DeactivatedAt is not null);
    }

    public Task<List<SearchDocument>> LoadAsync(FoyerDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && u.DeactivatedAt == null)
            .Select(u => new SearchDocument
            {
                Kind = SearchKind.Person, SourceId = u.Id, Reach = SearchReach.Person, IsGuest = u.Role == OrgRole.Guest, AuthorId = u.Id,
                CreatedAt = u.CreatedAt, UpdatedAt = u.CreatedAt, VisibleFrom = u.CreatedAt,
                Title = u.DisplayName, Body = "@" + u.Handle + " " + u.Bio, Path = "/people/" + u.Handle,
            }).ToListAsync(cancellationToken);

    public Task<List<long>> IdsAfterAsync(FoyerDbContext db, long after, int take, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id > after && u.DeactivatedAt == null).OrderBy(u => u.Id).Select(u => u.Id).Take(take).ToListAsync(cancellationToken);
}
