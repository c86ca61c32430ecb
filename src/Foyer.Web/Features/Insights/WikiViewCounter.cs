using System.Collections.Concurrent;
using Foyer.Data;
using Foyer.Data.Insights;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Insights;

/// <summary>
/// Counts wiki page views by others than the page's creator, per space and day, in memory, and adds them to the
/// database once a minute (and at shutdown): a page view writes nothing, and no row says who viewed.
/// </summary>
public sealed class WikiViewCounter(IServiceScopeFactory scopes, TimeProvider time, ILogger<WikiViewCounter> log) : BackgroundService
{
    private ConcurrentDictionary<(long Space, DateOnly Day), int> _pending = new();

    public void Count(long spaceId)
    {
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        _pending.AddOrUpdate((spaceId, day), 1, (_, n) => n + 1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: what is counted is written below.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None);
    }

    /// <summary>Adds what was counted to the tallies. A failure puts the counts back for the next round.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<(long, DateOnly), int>());
        if (batch.IsEmpty) return;
        var stored = new HashSet<(long, DateOnly)>();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FoyerDbContext>();
            foreach (var ((space, day), views) in batch)
            {
                var updated = await db.WikiViewTallies.Where(t => t.SpaceId == space && t.Day == day)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.Views, t => t.Views + views), ct);
                if (updated > 0)
                {
                    stored.Add((space, day));
                    continue;
                }
                db.WikiViewTallies.Add(new WikiViewTally { SpaceId = space, Day = day, Views = views });
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                catch (DbUpdateException)
                {
                    // Another node made the row a moment ago: add to it.
                    db.ChangeTracker.Clear();
                    await db.WikiViewTallies.Where(t => t.SpaceId == space && t.Day == day).ExecuteUpdateAsync(s => s.SetProperty(t => t.Views, t => t.Views + views), ct);
                }
                stored.Add((space, day));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Wiki view counts could not be stored; keeping them for the next round");
            // Only what was not stored goes back (no double counting).
            foreach (var (key, views) in batch.Where(b => !stored.Contains(b.Key))) _pending.AddOrUpdate(key, views, (_, n) => n + views);
        }
    }
}
