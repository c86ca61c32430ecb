using Foyer.Data;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Content;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Stream;

/// <summary>
/// Turns what someone wrote into stored content: renders it through the content pipeline with the people the author
/// may mention in this space (only the space's audience: a mention never reaches someone who cannot read it), and
/// keeps the post's tags and mentions in their tables so tag pages and notifications are indexed lookups.
/// </summary>
public sealed class PostWriter(FoyerDbContext db, ContentPipeline pipeline)
{
    public async Task<RenderedContent> RenderAsync(Space space, string markdown)
    {
        var candidates = ContentPipeline.FindHandleCandidates(markdown);
        var mentionable = new Dictionary<string, MentionTarget>();
        if (candidates.Count > 0)
        {
            var found = await db.Users.AudienceOf(db, space).Where(u => candidates.Contains(u.Handle))
                .Select(u => new MentionTarget(u.Id, u.Handle, u.DisplayName)).ToListAsync();
            foreach (var target in found) mentionable[target.Handle] = target;
        }
        return pipeline.Render(markdown, mentionable);
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
