using Foyer.Data;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Notifications;

/// <summary>Following a notification marks it read and leads to what it is about (if the reader may still see that).</summary>
public class OpenModel(FoyerDbContext db, TimeProvider time, UnreadCounter counter, Foyer.Web.Infrastructure.Live.ILiveBus bus) : FoyerPageModel
{
    public async Task<IActionResult> OnGetAsync(long id)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var target = await NotificationList.TargetAsync(db, Viewer, now, id);
        if (target is null) return NotFound();
        var me = Viewer.UserId;
        await db.Notifications.Where(n => n.Id == id && n.RecipientId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now));
        counter.Invalidate(me);
        bus.Publish(new Foyer.Web.Infrastructure.Live.LiveEvent("notification", UserId: me));
        return Redirect(target);
    }
}
