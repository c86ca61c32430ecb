using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Foyer.Web.Infrastructure;

/// <summary>
/// Addresses of the site's own scripts and styles with a content hash (<c>?v=…</c>), so browsers may cache them for good
/// and still get a new file after an update. The same hash the <c>asp-append-version</c> tag helper adds, worked out once
/// per file instead of running a tag helper on every page (the layout is on every page). In Development the hash is
/// asked every time, so an edited file shows at once.
/// </summary>
public sealed class AssetUrls(IFileVersionProvider versions, IWebHostEnvironment environment)
{
    private readonly ConcurrentDictionary<string, string> _urls = new(StringComparer.Ordinal);

    public string For(HttpContext context, string path) => environment.IsDevelopment()
        ? versions.AddFileVersionToPath(context.Request.PathBase, path)
        : _urls.GetOrAdd(path, p => versions.AddFileVersionToPath(context.Request.PathBase, p));
}
