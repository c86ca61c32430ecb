using Foyer.Data;
using Foyer.Data.Stream;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Stream;

public static class Reactions
{
    /// <summary>Like or unlike; the counter on the post or comment moves in the same transaction.</summary>
    public static async Task ToggleAsync(FoyerDbContext db, ReactionTarget target, long targetId, long userId, TimeProvider time)
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        var removed = await db.Reactions
            .Where(r => r.TargetType == target && r.TargetId == targetId && r.UserId == userId && r.Kind == "like")
            .ExecuteDeleteAsync();
        var delta = removed > 0 ? -removed : 1;
        if (removed == 0)
        {
            db.Reactions.Add(new Reaction { TargetType = target, TargetId = targetId, UserId = userId, CreatedAt = time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }
        if (target == ReactionTarget.Post)
        {
            await db.Posts.Where(p => p.Id == targetId).ExecuteUpdateAsync(s => s.SetProperty(p => p.ReactionCount, p => p.ReactionCount + delta));
        }
        else
        {
            await db.Comments.Where(c => c.Id == targetId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ReactionCount, c => c.ReactionCount + delta));
        }
        await tx.CommitAsync();
    }
}
