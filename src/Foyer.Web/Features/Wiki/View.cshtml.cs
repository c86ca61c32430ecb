using Foyer.Data;
using Foyer.Data.Files;
using Foyer.Data.Sqlite;
using Foyer.Data.Wiki;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Database;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

public class ViewModel(FoyerDbContext db, TimeProvider time, SqlitePreparedReads reads, Insights.WikiViewCounter views,
    Onboarding.WikiFoundMemory wikiFound) : WikiPageModel(db)
{
    public IReadOnlyList<WikiNode> Breadcrumbs { get; private set; } = [];
    public IReadOnlyList<WikiNode> Children { get; private set; } = [];
    public List<Backlink> Backlinks { get; private set; } = [];
    public string UpdatedBy { get; private set; } = "";
    public bool Watching { get; private set; }
    /// <summary>The person's first wiki page ever: the page explains what the wiki is for.</summary>
    public bool FirstVisit { get; private set; }
    public long? SourcePostId { get; private set; }
    public IReadOnlyList<StoredFile> Attachments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, string name)
    {
        if (await LoadPageAsync(slug, name) is { } other) return other;
        // "Knowledge found again": a view by someone other than the page's creator, counted per space and day only.
        if (WikiPage.CreatedById != Viewer.UserId && !Access.Space.IsSandbox) views.Count(Access.Space.Id);
        // Written once per person (then remembered in memory): no write, and no query, on later views.
        FirstVisit = await Onboarding.FirstSteps.WikiFoundAsync(Db, wikiFound, Viewer.UserId, time.GetUtcNow().UtcDateTime);
        (Breadcrumbs, Children) = await WikiTree.SurroundingsAsync(Db, Access.Space.Id, WikiPage.Id, WikiPage.ParentId, reads);
        Backlinks = await Wiki.Backlinks.ForAsync(Db, Viewer, WikiPage, preparedReads: reads);
        var facts = await PageFactsAsync();
        UpdatedBy = facts.UpdatedBy;
        Watching = facts.Watching;
        // The discussion link is shown only to those who may read that post.
        SourcePostId = facts.SourceReadable ? WikiPage.SourcePostId : null;
        if (facts.HasFiles) Attachments = await WikiFiles.OfAsync(Db, WikiPage.Id);
        return Page();
    }

    private sealed record PageFacts(string UpdatedBy, bool Watching, bool SourceReadable, bool HasFiles);

    private async Task<PageFacts> PageFactsAsync()
    {
        var (sql, parameters) = FactsQuery(Viewer, WikiPage);
        var rows = await HandWrittenReads.ReadAsync(Db, reads, sql, parameters,
            r => new PageFacts(r.IsDBNull(0) ? "" : r.GetString(0), r.GetInt32(1) != 0, r.GetInt32(2) != 0, r.GetInt32(3) != 0));
        return rows[0];
    }

    /// <summary>
    /// The small facts around the page in one statement instead of four EF queries (a page view is read far more
    /// often than written): the updater's name, the viewer's watch, whether the viewer may read the post the page
    /// came from (<see cref="AudienceFilter.PostReadableSql"/>, the twin of the posts' VisibleTo), and whether there
    /// are files to load at all. Public for the bench's query plans.
    /// </summary>
    public static (string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) FactsQuery(Viewer viewer, WikiPage page)
    {
        var sql = $"""
            SELECT (SELECT u."DisplayName" FROM "AspNetUsers" AS u WHERE u."Id" = @updater),
                   CASE WHEN EXISTS (SELECT 1 FROM "WikiWatches" AS w WHERE w."PageId" = @page AND w."UserId" = @viewer) THEN 1 ELSE 0 END,
                   CASE WHEN EXISTS (SELECT 1 FROM "Posts" AS p JOIN "Spaces" AS s ON s."Id" = p."SpaceId"
                                     WHERE p."Id" = @source AND {AudienceFilter.PostReadableSql(viewer, "p", "s", "@viewer")}) THEN 1 ELSE 0 END,
                   CASE WHEN EXISTS (SELECT 1 FROM "Files" AS f WHERE f."OwnerKind" = {(int)FileOwnerKind.WikiPage} AND f."OwnerId" = @page) THEN 1 ELSE 0 END
            """;
        // Ids start at 1: a page that came from no post asks for post 0, which no one may read.
        return (sql, [new("@updater", page.UpdatedById), new("@page", page.Id), new("@viewer", viewer.UserId), new("@source", page.SourcePostId ?? 0L)]);
    }

    public async Task<IActionResult> OnPostWatchAsync(string slug, string name)
    {
        if (await LoadPageAsync(slug, name) is { } other) return other;
        var removed = await Db.WikiWatches.Where(w => w.PageId == WikiPage.Id && w.UserId == Viewer.UserId).ExecuteDeleteAsync();
        if (removed == 0)
        {
            Db.WikiWatches.Add(new WikiWatch { PageId = WikiPage.Id, UserId = Viewer.UserId, CreatedAt = time.GetUtcNow().UtcDateTime });
            try
            {
                await Db.SaveChangesAsync();
            }
            catch (DbUpdateException)
            {
                // A double click: already watching.
            }
        }
        Flash(removed == 0 ? T["You are watching this page."] : T["You no longer watch this page."]);
        return Redirect(PagePath);
    }
}
