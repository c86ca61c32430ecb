using Foyer.Data;
using Foyer.Web.Features.Shared;
using Foyer.Web.Infrastructure.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.Stream;

/// <summary>All posts with a tag, across the organisation, as far as the viewer may read them.</summary>
public class TagModel(FoyerDbContext db, IOptions<StreamOptions> options, Foyer.Data.Sqlite.SqlitePreparedReads reads) : FoyerPageModel
{
    public string Name { get; private set; } = "";
    public StreamPage Stream { get; private set; } = new([], null);

    public async Task<IActionResult> OnGetAsync(string name, long? before)
    {
        var normalized = TagNames.Normalize(name);
        if (normalized is null) return NotFound();
        Name = normalized;
        Stream = await StreamQuery.PageAsync(db, Viewer, new StreamScope.WithTag(normalized), before, options.Value.PageSize, reads);
        return Page();
    }
}
