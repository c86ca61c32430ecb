using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Infrastructure.Localization;

/// <summary>
/// Remembers every UI string it has looked up, per UI culture. The resource manager takes a lock on every lookup,
/// and a stream page asks for a few hundred strings; the resources never change while the app runs.
/// </summary>
public sealed class CachingStringLocalizerFactory(ResourceManagerStringLocalizerFactory inner) : IStringLocalizerFactory
{
    private readonly ConcurrentDictionary<(Type?, string), IStringLocalizer> _localizers = new();

    public IStringLocalizer Create(Type resourceSource) =>
        _localizers.GetOrAdd((resourceSource, ""), k => new CachingStringLocalizer(inner.Create(k.Item1!)));

    public IStringLocalizer Create(string baseName, string location) =>
        _localizers.GetOrAdd((null, baseName + "\n" + location), _ => new CachingStringLocalizer(inner.Create(baseName, location)));
}

public sealed class CachingStringLocalizer(IStringLocalizer inner) : IStringLocalizer
{
    /// <summary>Keys are the English text written in code, so the set is small; the cap keeps a key built from input from growing it.</summary>
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<(string Culture, string Name), LocalizedString> _strings = new();

    public LocalizedString this[string name]
    {
        get
        {
            var key = (CultureInfo.CurrentUICulture.Name, name);
            if (_strings.TryGetValue(key, out var found)) return found;
            var value = inner[name];
            if (_strings.Count < MaxEntries) _strings.TryAdd(key, value);
            return value;
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            var value = string.Format(CultureInfo.CurrentCulture, format.Value, arguments);
            return new LocalizedString(name, value, format.ResourceNotFound, format.SearchedLocation);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
}
