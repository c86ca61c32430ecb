using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;

namespace Foyer.Web.Infrastructure.Audience;

/// <summary>
/// Caches what every page asks and rarely changes: who the viewer is, which spaces they can write in and how many
/// people read them. Any change to people, spaces or memberships on this node bumps the version and so empties it;
/// other nodes see changes after at most <see cref="Lifetime"/>.
/// </summary>
public sealed class AudienceCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private long _version;

    public void Invalidate() => Interlocked.Increment(ref _version);

    public async Task<T> GetOrCreateAsync<T>(string kind, long id, Func<Task<T>> create)
    {
        var key = (kind, id, Interlocked.Read(ref _version));
        if (cache.TryGetValue(key, out T? value) && value is not null) return value;
        value = await create();
        cache.Set(key, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        return value;
    }
}

/// <summary>Empties the audience cache whenever a save touches people, spaces or memberships.</summary>
public sealed class AudienceChangeInterceptor(AudienceCache cache) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSave(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// Invalidated before the save and again after it: a request that cached between the two (reading the old state)
    /// cannot keep that entry.
    /// </summary>
    private void AfterSave(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(e => e.Entity is User or Space or SpaceMembership))
        {
            cache.Invalidate();
        }
    }

    private void Check(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            if (entry.Entity is User or Space or SpaceMembership)
            {
                cache.Invalidate();
                return;
            }
        }
    }
}
