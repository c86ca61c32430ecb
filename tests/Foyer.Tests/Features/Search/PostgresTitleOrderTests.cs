using Foyer.Data.Accounts;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Features.Search;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foyer.Tests.Features.Search;

/// <summary>
/// On PostgreSQL the newest title matches come from a RUM index, newest first, when the rum extension is there
/// (migration AddSearchTitleOrderIndex; test.sh installs it), else from the GIN index. Both ways must find the same
/// page: title matches first (their rank is higher), newest first, and never one the viewer may not see.
/// </summary>
public sealed class PostgresTitleOrderTests : IAsyncLifetime, IDisposable
{
    private const int Documents = 1_500;
    private readonly FoyerApp _app = new(DatabaseProvider.Postgres);

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        var term = SearchAnalyzer.Words("Titelwort")[0].Term;
        // Every third document has the word in its title; every sixth of those is for nobody (a space nobody reads).
        // The others have it in their text only, and the newest ones are all text matches.
        await _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync($$"""
            INSERT INTO "SearchDocuments" ("Kind", "SourceId", "SpaceId", "Reach", "IsGuest", "AuthorId", "ThreadId", "CreatedAt", "UpdatedAt",
                "VisibleFrom", "Title", "Body", "Path", "Tags", "TitleTerms", "BodyTerms")
            SELECT 2, 7000000 + g, NULL, CASE WHEN g % 18 = 0 THEN 0 ELSE 2 END, FALSE, NULL, NULL, t, t, timestamptz '2001-01-01',
                   CASE WHEN g % 3 = 0 THEN 'Titelwort ' || g ELSE 'Seite ' || g END, 'Text ' || g, '/wiki/' || (7000000 + g), '',
                   CASE WHEN g % 3 = 0 AND g <= {{Documents - 300}} THEN {0} ELSE 'seit' END,
                   CASE WHEN g % 3 = 0 AND g <= {{Documents - 300}} THEN 'text' ELSE 'text ' || {0} END
            FROM generate_series(1, {{Documents}}) AS g, LATERAL (SELECT timestamptz '2020-01-01' + g * interval '1 minute' AS t) AS x
            """, term));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose()
    {
        _app.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<List<long>> PageAsync(int page)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<SearchService>()
            .SearchAsync(new Viewer(_app.Admin.Id, OrgRole.Admin), "Titelwort", new SearchFilters(), page);
        return results.Hits.Select(h => h.SourceId).ToList();
    }

    [Fact]
    public async Task The_newest_visible_title_matches_lead_with_the_ordered_index_and_without_it()
    {
        Assert.True(await _app.WithDbAsync(db => db.Database.SqlQueryRaw<bool>(
            "SELECT to_regclass('\"IX_SearchDocuments_TitleOrder\"') IS NOT NULL AS \"Value\"").SingleAsync()),
            "the RUM index of titles is missing: is the rum extension installed (postgresql-NN-rum)?");
        var titles = Enumerable.Range(1, Documents - 300).Where(g => g % 3 == 0 && g % 18 != 0).Select(g => 7_000_000L + g).Reverse().ToList();
        var ordered = new List<List<long>>();
        foreach (var page in new[] { 1, 2, 3 }) ordered.Add(await PageAsync(page));
        Assert.Equal(titles.Take(SearchService.PageSize).ToList(), ordered[0]);
        Assert.Equal(titles.Skip(SearchService.PageSize).Take(SearchService.PageSize).ToList(), ordered[1]);

        await _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_SearchDocuments_TitleOrder\""));
        _app.Services.GetRequiredService<SearchFigures>().Invalidate();
        foreach (var page in new[] { 1, 2, 3 }) Assert.Equal(ordered[page - 1], await PageAsync(page));
    }
}
