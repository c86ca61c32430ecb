using System.Globalization;
using Foyer.Data;
using Foyer.Data.Search;
using Foyer.Data.Spaces;
using Foyer.Web.Features.Shared;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Search;

/// <summary>The search page: one box, filters, results the viewer may see with highlighted snippets, "did you mean".</summary>
public class IndexModel(FoyerDbContext db, SearchService search, AudienceCache cache) : FoyerPageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public string? Type { get; set; }
    [BindProperty(SupportsGet = true, Name = "space")] public string? SpaceSlug { get; set; }
    [BindProperty(SupportsGet = true, Name = "author")] public string? Author { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "tag")] public string? Tag { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public SearchResults? Results { get; private set; }
    /// <summary>The spaces the search can be narrowed to: those the viewer reads.</summary>
    public IReadOnlyList<SpaceOption> Spaces { get; private set; } = [];

    public sealed record SpaceOption(long Id, string Name, string Slug);
    public List<string> Problems { get; } = [];

    public static readonly IReadOnlyDictionary<string, SearchKind[]> Types = new Dictionary<string, SearchKind[]>(StringComparer.Ordinal)
    {
        ["posts"] = [SearchKind.Post],
        ["comments"] = [SearchKind.Comment, SearchKind.ArticleComment],
        ["wiki"] = [SearchKind.WikiPage],
        ["blog"] = [SearchKind.Article],
        ["files"] = [SearchKind.File],
        ["spaces"] = [SearchKind.Space],
        ["people"] = [SearchKind.Person],
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // Cached with the audience (memberships and spaces change it), like the search's own scope.
        Spaces = await cache.GetOrCreateAsync("search-spaces", Viewer.UserId, async () =>
            await db.Spaces.AsNoTracking().ReadableBy(Viewer).OrderBy(s => s.Name).Select(s => new SpaceOption(s.Id, s.Name, s.Slug)).ToListAsync(cancellationToken));
        if (string.IsNullOrWhiteSpace(Q)) return Page();
        var filters = await FiltersAsync(cancellationToken);
        if (Problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Results = await search.SearchAsync(Viewer, Q, filters!, PageNumber, cancellationToken);
        return Page();
    }

    private async Task<SearchFilters?> FiltersAsync(CancellationToken cancellationToken)
    {
        SearchKind[]? kinds = null;
        if (!string.IsNullOrEmpty(Type) && !Types.TryGetValue(Type, out kinds)) Problems.Add(T["Unknown type of result."]);
        long? spaceId = null;
        if (!string.IsNullOrEmpty(SpaceSlug))
        {
            // Only a space the viewer may read can narrow the search; any other answers like a space that does not exist.
            spaceId = Spaces.FirstOrDefault(s => s.Slug == SpaceSlug)?.Id;
            if (spaceId is null) Problems.Add(T["There is no such space, or you cannot see it."]);
        }
        long? authorId = null;
        if (!string.IsNullOrWhiteSpace(Author))
        {
            var handle = Author.Trim().TrimStart('@');
            authorId = await db.Users.AsNoTracking().VisibleTo(db, Viewer).Where(u => u.Handle == handle).Select(u => (long?)u.Id).FirstOrDefaultAsync(cancellationToken);
            if (authorId is null) Problems.Add(T["There is nobody with that name that you can see."]);
        }
        var from = Date(From, T["The start date is not a date (YYYY-MM-DD)."]);
        var to = Date(To, T["The end date is not a date (YYYY-MM-DD)."])?.AddDays(1);
        if (from is not null && to is not null && from >= to) Problems.Add(T["The start date is after the end date."]);
        string? tag = null;
        if (!string.IsNullOrWhiteSpace(Tag))
        {
            tag = TagNames.Normalize(Tag.Trim().TrimStart('#'));
            if (tag is null) Problems.Add(T["That is not a tag."]);
        }
        return Problems.Count > 0 ? null : new SearchFilters(kinds, spaceId, authorId, from, to, tag);
    }

    private DateTime? Date(string? text, string problem)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)) return d;
        Problems.Add(problem);
        return null;
    }

    /// <summary>The address of another page of these results.</summary>
    public string PageUrl(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Q, ["type"] = Type, ["space"] = SpaceSlug, ["author"] = Author, ["from"] = From, ["to"] = To, ["tag"] = Tag,
            ["page"] = page.ToString(CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/search", query.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }

    public string KindLabel(SearchKind kind) => kind switch
    {
        SearchKind.Post => T["Post"],
        SearchKind.Comment or SearchKind.ArticleComment => T["Comment"],
        SearchKind.WikiPage => T["Wiki page"],
        SearchKind.Article => T["Blog article"],
        SearchKind.File => T["File"],
        SearchKind.Space => T["Space"],
        SearchKind.Person => T["Person"],
        _ => kind.ToString(),
    };
}
