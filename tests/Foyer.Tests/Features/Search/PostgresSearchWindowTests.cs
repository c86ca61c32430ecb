using Foyer.Data.Accounts;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Features.Search;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foyer.Tests.Features.Search;

/// <summary>
/// PostgreSQL looks for the newest matches in a range of the newest ids first, widens it, or searches everything for a
/// rare query, and remembers how wide to start next time. Whichever way it goes, a page must hold the same documents:
/// the newest matches (equal ranks here), the count up to 1,000, every page in order. 40,000 documents, so that each
/// path is taken: a common word (found in the first range), a medium one (one in eight: the range is widened) and a
/// rare one (one in 400: everything at once).
/// </summary>
public sealed class PostgresSearchWindowTests : IAsyncLifetime, IDisposable
{
    private const int Documents = 40_000;
    private readonly FoyerApp _app = new(DatabaseProvider.Postgres);
    private readonly Dictionary<string, string> _terms = [];

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        foreach (var word in new[] { "Allerweltswort", "Mittelwort", "Seltenwort" })
        {
            _terms[word] = SearchAnalyzer.Words(word)[0].Term;
        }
        await _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync($$"""
            INSERT INTO "SearchDocuments" ("Kind", "SourceId", "SpaceId", "Reach", "IsGuest", "AuthorId", "ThreadId", "CreatedAt", "UpdatedAt",
                "VisibleFrom", "Title", "Body", "Path", "Tags", "TitleTerms", "BodyTerms")
            SELECT 0, 5000000 + g, NULL, 2, FALSE, NULL, NULL, t, t, timestamptz '2001-01-01', '', 'Dokument ' || g, '/posts/' || (5000000 + g), '', '',
                   {0} || CASE WHEN g % 8 = 0 THEN ' ' || {1} ELSE '' END || CASE WHEN g % 400 = 0 THEN ' ' || {2} ELSE '' END
            FROM generate_series(1, {{Documents}}) AS g, LATERAL (SELECT timestamptz '2020-01-01' + g * interval '1 minute' AS t) AS x
            """, _terms["Allerweltswort"], _terms["Mittelwort"], _terms["Seltenwort"]));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose()
    {
        _app.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<SearchResults> SearchAsync(string query, int page)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SearchService>()
            .SearchAsync(new Viewer(_app.Admin.Id, OrgRole.Admin), query, new SearchFilters(), page);
    }

    [Theory]
    [InlineData("Allerweltswort", 1)]
    [InlineData("Mittelwort", 8)]
    [InlineData("Seltenwort", 400)]
    public async Task Every_path_finds_the_newest_matches_counts_them_and_pages_through_them_in_order(string word, int every)
    {
        var matches = Enumerable.Range(1, Documents).Where(g => g % every == 0).Select(g => 5_000_000L + g).Reverse().ToList();
        // Twice: the second search starts from what the first one learnt about the word.
        for (var round = 0; round < 2; round++)
        {
            foreach (var page in new[] { 1, 2, 11 })
            {
                var results = await SearchAsync(word, page);
                Assert.Equal(Math.Min(matches.Count, SearchService.CountLimit), results.Total);
                Assert.Equal(matches.Count > SearchService.CountLimit, results.TotalIsLowerBound);
                var expected = matches.Skip((page - 1) * SearchService.PageSize).Take(SearchService.PageSize).ToList();
                Assert.Equal(expected, results.Hits.Select(h => h.SourceId).ToList());
            }
        }
    }
}
