using Foyer.Data;
using Foyer.Data.Mail;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Notifications;

/// <summary>Follow, mute or go back to normal for a space or a thread; only for what the person may read.</summary>
public class SubscribeModel(FoyerDbContext db, TimeProvider time) : FoyerPageModel
{
    public async Task<IActionResult> OnPostAsync(long? spaceId, long? postId, string? mode, string? returnUrl)
    {
        if (spaceId is null == postId is null) return BadRequest();
        var readable = spaceId is long s
            ? await db.Spaces.ReadableBy(Viewer).AnyAsync(x => x.Id == s)
            : await db.Posts.VisibleTo(Viewer).AnyAsync(p => p.Id == postId);
        if (!readable) return NotFound();
        var me = Viewer.UserId;
        await db.Subscriptions.Where(x => x.UserId == me && x.SpaceId == (postId == null ? spaceId : null) && x.PostId == postId).ExecuteDeleteAsync();
        SubscriptionMode? chosen = mode switch { "follow" => SubscriptionMode.Follow, "mute" => SubscriptionMode.Mute, "normal" => null, _ => throw new BadHttpRequestException("mode") };
        if (chosen is SubscriptionMode m)
        {
            db.Subscriptions.Add(new Subscription { UserId = me, SpaceId = postId == null ? spaceId : null, PostId = postId, Mode = m, CreatedAt = time.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }
        Flash(chosen switch
        {
            SubscriptionMode.Follow => T["You follow it now: you hear about everything new."],
            SubscriptionMode.Mute => T["Muted: you hear nothing from it any more."],
            _ => T["Back to normal: you hear about mentions and answers."],
        });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    /// <summary>The viewer's current choice for a space or a thread, for the buttons.</summary>
    public static async Task<SubscriptionMode?> CurrentAsync(FoyerDbContext db, long userId, long? spaceId, long? postId) =>
        await db.Subscriptions.AsNoTracking().Where(x => x.UserId == userId && x.SpaceId == spaceId && x.PostId == postId)
            .Select(x => (SubscriptionMode?)x.Mode).FirstOrDefaultAsync();
}

public sealed record SubscriptionView(long? SpaceId, long? PostId, SubscriptionMode? Mode, string ReturnUrl);
