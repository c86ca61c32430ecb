using Foyer.Data;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Search;

public static class SearchSetup
{
    public static WebApplicationBuilder AddSearch(this WebApplicationBuilder builder)
    {
        var s = builder.Services;
        // The findable content types: one class each.
        s.AddSingleton<ISearchSource, PostSearchSource>();
        s.AddSingleton<ISearchSource, CommentSearchSource>();
        s.AddSingleton<ISearchSource, WikiPageSearchSource>();
        s.AddSingleton<ISearchSource, ArticleSearchSource>();
        s.AddSingleton<ISearchSource, ArticleCommentSearchSource>();
        s.AddSingleton<ISearchSource, FileSearchSource>();
        s.AddSingleton<ISearchSource, SpaceSearchSource>();
        s.AddSingleton<ISearchSource, PersonSearchSource>();
        s.AddSingleton<SearchQueue>();
        s.AddSingleton<SearchIndexInterceptor>();
        s.AddScoped<SearchIndexer>();
        s.AddScoped<IOutboxHandler, SearchIndexHandler>();
        s.AddScoped<IOutboxHandler, SearchRebuildHandler>();
        s.AddSingleton<SearchFigures>();
        s.AddScoped<ISearchEngine>(sp => sp.GetRequiredService<FoyerDbContext>().Database.IsNpgsql()
            ? new PostgresSearchEngine { Figures = sp.GetRequiredService<SearchFigures>() }
            : new SqliteSearchEngine(sp.GetService<Foyer.Data.Sqlite.SqlitePreparedReads>()) { Figures = sp.GetRequiredService<SearchFigures>() });
        s.AddScoped<SearchService>();
        return builder;
    }

    /// <summary>
    /// Autocomplete for the search box: the best few hits as JSON (text only; the page builds the list with textContent),
    /// from the same search with the viewer's audience inside the query.
    /// </summary>
    public static IEndpointRouteBuilder MapSearchEndpoints(IEndpointRouteBuilder app)
    {
        app.MapGet("/search/suggest", async (string? q, SearchService search, Infrastructure.Audience.CurrentViewer current, CancellationToken cancellationToken) =>
        {
            var viewer = await current.GetAsync();
            var hits = await search.SuggestAsync(viewer, q, 6, cancellationToken);
            return Results.Json(hits.Select(h => new { kind = h.Kind.ToString(), title = h.Title, path = h.Path }));
        });
        return app;
    }

    /// <summary>
    /// <c>dotnet run --project src/Foyer.Web -- --rebuild-search-index</c>: empties the search index and builds it again from
    /// the database, printing progress, then exits.
    /// </summary>
    public static async Task<int> RebuildFromCommandLineAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var indexer = scope.ServiceProvider.GetRequiredService<SearchIndexer>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        Data.Search.SearchKind? current = null;
        var lastPrint = TimeSpan.Zero;
        var total = await indexer.RebuildAsync((kind, done) =>
        {
            if (kind != current || started.Elapsed - lastPrint > TimeSpan.FromSeconds(2))
            {
                if (current is not null && kind != current) Console.WriteLine();
                current = kind;
                lastPrint = started.Elapsed;
                Console.Write($"\rsearch index: {kind,-15} {done,9:N0} documents  ({started.Elapsed.TotalSeconds:0} s)");
            }
        }, CancellationToken.None);
        Console.WriteLine();
        Console.WriteLine($"search index rebuilt: {total:N0} documents in {started.Elapsed.TotalSeconds:0.0} s");
        return 0;
    }
}
