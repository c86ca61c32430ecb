using Microsoft.Extensions.Caching.Memory;

namespace Foyer.Web.Features.Search;

/// <summary>
/// Figures the search engines keep between queries (how many documents a phrase is in, how densely a query matched
/// the newest documents, the newest id), in the app's size-limited memory cache as <see cref="Infrastructure.Audience.AudienceCache"/>
/// keeps its own. They only make searches cheaper: an outdated figure changes neither what is found nor who may see it.
/// A rebuild of the index drops them all.
/// </summary>
public sealed class SearchFigures(IMemoryCache cache)
{
    private long _version;

    public void Invalidate() => Interlocked.Increment(ref _version);

    public bool TryGet<T>(string kind, object key, out T value)
    {
        if (cache.TryGetValue((kind, key, Interlocked.Read(ref _version)), out T? found) && found is not null)
        {
            value = found;
            return true;
        }
        value = default!;
        return false;
    }

    public void Set<T>(string kind, object key, T value, TimeSpan lifetime) =>
        cache.Set((kind, key, Interlocked.Read(ref _version)), value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 });
}
