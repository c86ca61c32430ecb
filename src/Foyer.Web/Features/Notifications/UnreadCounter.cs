using System.Collections.Concurrent;
using Foyer.Data;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Notifications;

/// <summary>
/// The number on the bell, on every page: counted through the audience filter and remembered for a short while per
/// person, forgotten at once when a notification for them is created or read (on every node, through the live bus).
/// </summary>
public sealed class UnreadCounter : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<long, (int Count, DateTime At)> _counts = new();
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;

    public UnreadCounter(TimeProvider time, Foyer.Web.Infrastructure.Live.ILiveBus bus)
    {
        _time = time;
        // A notification created or read on another node reaches this node's cache through the bus.
        _subscription = bus.Subscribe(e =>
        {
            if (e.Type == "notification" && e.UserId is long user) Invalidate(user);
        });
    }

    public void Dispose() => _subscription.Dispose();

    public async Task<int> CountAsync(FoyerDbContext db, Viewer viewer)
    {
        if (viewer.IsAnonymous) return 0;
        var now = _time.GetUtcNow().UtcDateTime;
        if (_counts.TryGetValue(viewer.UserId, out var known) && now - known.At < Lifetime) return known.Count;
        var count = await db.Notifications.AsNoTracking().VisibleTo(db, viewer, now).CountAsync(n => n.ReadAt == null);
        _counts[viewer.UserId] = (count, now);
        return count;
    }

    public void Invalidate(long userId) => _counts.TryRemove(userId, out _);
}
