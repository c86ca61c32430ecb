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
public sealed class PostWriter(FoyerDbContext db, SpaceContentRenderer renderer)
{
    public Task<SpaceContent> RenderWithLinksAsync(Space space, string markdown) => renderer.RenderAsync(space, markdown);

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
