using Foyer.Data;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Notifications;

public class IndexModel(FoyerDbContext db, TimeProvider time, UnreadCounter counter, Foyer.Web.Infrastructure.Live.ILiveBus bus) : FoyerPageModel
{
    public List<NotificationItem> Items { get; private set; } = [];
    public long? OlderCursor { get; private set; }

    public async Task<IActionResult> OnGetAsync(long? before)
    {
        Items = await NotificationList.PageAsync(db, Viewer, time.GetUtcNow().UtcDateTime, before, T);
        OlderCursor = Items.Count == NotificationList.PageSize ? Items[^1].Id : null;
        return Page();
    }

    public async Task<IActionResult> OnPostReadAllAsync()
    {
        var now = time.GetUtcNow().UtcDateTime;
        var id = Viewer.UserId;
        await db.Notifications.Where(n => n.RecipientId == id && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now));
        counter.Invalidate(id);
        bus.Publish(new Foyer.Web.Infrastructure.Live.LiveEvent("notification", UserId: id));
        Flash(T["All notifications are marked as read."]);
        return Redirect("/notifications");
    }
}
