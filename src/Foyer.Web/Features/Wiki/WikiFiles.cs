using Foyer.Data;
using Foyer.Data.Files;
using Foyer.Web.Infrastructure.Files;

namespace Foyer.Web.Features.Wiki;

/// <summary>The files attached to a wiki page. They belong to the page, not to a revision: a restore keeps them.</summary>
public static class WikiFiles
{
    public static Task<IReadOnlyList<StoredFile>> OfAsync(FoyerDbContext db, long pageId) => FileIntake.OfAsync(db, FileOwnerKind.WikiPage, pageId);

    public static Task AttachAsync(FoyerDbContext db, IReadOnlyList<StoredFile> files, long pageId) =>
        FileIntake.AttachAsync(db, files, FileOwnerKind.WikiPage, pageId);
}
