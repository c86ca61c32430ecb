using Foyer.Data;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Data.Wiki;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Content;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Stream;

/// <summary>
/// Turns what someone wrote into stored content: renders it for its space, and keeps its tags, mentions and
/// [[links]] in their tables so tag pages, notifications and backlinks are indexed lookups.
/// </summary>
public sealed class PostWriter(FoyerDbContext db, SpaceContentRenderer renderer, TimeProvider time)
{
    public Task<SpaceContent> RenderWithLinksAsync(Space space, string markdown) => renderer.RenderAsync(space, markdown);

    /// <summary>Stores a new post with its tags, mentions, [[links]] and files (from the composer, or from a mail).</summary>
    public async Task<Post> PublishAsync(Space space, long authorId, string markdown, IReadOnlyList<Foyer.Data.Files.StoredFile> files)
    {
        var content = await RenderWithLinksAsync(space, markdown);
        var rendered = content.Rendered;
        var post = new Post
        {
            SpaceId = space.Id, AuthorId = authorId, Markdown = markdown, Html = rendered.Html,
            PlainText = rendered.PlainText, CreatedAt = time.GetUtcNow().UtcDateTime, AttachmentCount = files.Count,
        };
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Posts.Add(post);
        await SetTagsAsync(post, rendered.Tags);
        await db.SaveChangesAsync();
        await SetMentionsAsync(post.Id, null, rendered.MentionedUserIds);
        await SetWikiLinksAsync(WikiLinkSource.Post, post.Id, content.LinkTargets);
        await Infrastructure.Files.FileIntake.AttachAsync(db, files, Foyer.Data.Files.FileOwnerKind.Post, post.Id);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return post;
    }

    /// <summary>
    /// Stores a comment (from the post page, or a reply by mail). Numbers are unique per post; two people commenting at
    /// the same moment make one of them try again.
    /// </summary>
    public async Task<Comment> AddCommentAsync(Space space, long postId, long authorId, string markdown, long? parentId,
        IReadOnlyList<Foyer.Data.Files.StoredFile> files)
    {
        var content = await RenderWithLinksAsync(space, markdown);
        var rendered = content.Rendered;
        var comment = new Comment
        {
            PostId = postId, ParentId = parentId, AuthorId = authorId, Markdown = markdown, Html = rendered.Html,
            PlainText = rendered.PlainText, CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        for (var attempt = 0; ; attempt++)
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            try
            {
                comment.Number = (await db.Comments.Where(c => c.PostId == postId).MaxAsync(c => (int?)c.Number) ?? 0) + 1;
                db.Comments.Add(comment);
                await db.SaveChangesAsync();
                await SetMentionsAsync(postId, comment.Id, rendered.MentionedUserIds);
                await SetWikiLinksAsync(WikiLinkSource.Comment, comment.Id, content.LinkTargets);
                await Infrastructure.Files.FileIntake.AttachAsync(db, files, Foyer.Data.Files.FileOwnerKind.Comment, comment.Id);
                await db.SaveChangesAsync();
                await db.Posts.Where(p => p.Id == postId).ExecuteUpdateAsync(s => s.SetProperty(p => p.CommentCount, p => p.CommentCount + 1));
                await tx.CommitAsync();
                return comment;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                await tx.RollbackAsync();
                db.ChangeTracker.Clear();
                comment.Id = 0;
            }
        }
    }

    /// <summary>Replaces the [[links]] a post, comment or page makes, so backlinks stay one indexed lookup.</summary>
    public async Task SetWikiLinksAsync(WikiLinkSource kind, long sourceId, IReadOnlyList<(long SpaceId, string Title)> targets)
    {
        await db.WikiLinks.Where(l => l.SourceKind == kind && l.SourceId == sourceId).ExecuteDeleteAsync();
        foreach (var (spaceId, title) in targets)
        {
            db.WikiLinks.Add(new WikiLink { SourceKind = kind, SourceId = sourceId, TargetSpaceId = spaceId, TargetTitle = title });
        }
    }

    /// <summary>Replaces the post's tags with the rendered ones; creates tags the organisation has not used yet.</summary>
    public async Task SetTagsAsync(Post post, IReadOnlyList<string> tags)
    {
        if (post.Id != 0)
        {
            await db.PostTags.Where(pt => pt.PostId == post.Id).ExecuteDeleteAsync();
        }
        if (tags.Count == 0) return;
        var existing = await db.Tags.Where(t => tags.Contains(t.Name)).ToDictionaryAsync(t => t.Name);
        foreach (var name in tags)
        {
            if (!existing.TryGetValue(name, out var tag))
            {
                tag = new Tag { Name = name };
                db.Tags.Add(tag);
                existing[name] = tag;
            }
            db.PostTags.Add(post.Id == 0 ? new PostTag { Post = post, Tag = tag } : new PostTag { PostId = post.Id, Tag = tag });
        }
    }

    /// <summary>Replaces the mentions of a saved post (commentId null) or of one of its comments.</summary>
    public async Task SetMentionsAsync(long postId, long? commentId, IReadOnlyList<long> userIds)
    {
        await db.Mentions.Where(m => m.PostId == postId && m.CommentId == commentId).ExecuteDeleteAsync();
        foreach (var userId in userIds)
        {
            db.Mentions.Add(new Mention { PostId = postId, CommentId = commentId, UserId = userId });
        }
    }
}
