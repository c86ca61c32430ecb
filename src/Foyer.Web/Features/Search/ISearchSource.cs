using Foyer.Data;
using Foyer.Data.Search;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Search;

/// <summary>A change saved to an entity, as the search index needs to know it.</summary>
public sealed record EntityChange(object Entity, EntityState State, IReadOnlySet<string> Modified)
{
    public bool Touched(string property) => State is EntityState.Added or EntityState.Deleted || Modified.Contains(property);

    /// <summary>Added, deleted, or one of these properties modified (a like changes a post's counter, not its text).</summary>
    public bool TouchedAny(params string[] properties) => State is EntityState.Added or EntityState.Deleted || properties.Any(Modified.Contains);
}

/// <summary>A document to index again (or to remove at once when <see cref="Gone"/>); <see cref="Thread"/>: its comments and files too.</summary>
public readonly record struct SearchChange(SearchKind Kind, long Id, bool Gone, bool Thread = false);

/// <summary>
/// One content type in the search index. Adding a findable type is one class like this (and a <see cref="SearchKind"/>):
/// which saved changes concern it, how its documents look (text, place, who may find them), and all its ids for a rebuild.
/// </summary>
public interface ISearchSource
{
    SearchKind Kind { get; }

    /// <summary>The documents of this kind a saved change makes stale (none if it does not concern this kind).</summary>
    IEnumerable<SearchChange> Changes(EntityChange change);

    /// <summary>
    /// The documents for these ids as they are now, without the analysed terms (the indexer adds them). An id missing
    /// from the result is not findable (deleted, a draft, held for moderation) and its document is removed.
    /// </summary>
    Task<List<SearchDocument>> LoadAsync(FoyerDbContext db, IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>For a rebuild: ids above <paramref name="after"/>, ascending, at most <paramref name="take"/>.</summary>
    Task<List<long>> IdsAfterAsync(FoyerDbContext db, long after, int take, CancellationToken cancellationToken);
}

/// <summary>Shared by the sources: cut long text for the stored body, text of sanitized HTML.</summary>
internal static partial class SearchText
{
    public static string FromHtml(string? html) =>
        string.IsNullOrEmpty(html) ? "" : System.Net.WebUtility.HtmlDecode(Tags().Replace(html, " ")).Trim();

    [System.Text.RegularExpressions.GeneratedRegex("<[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex Tags();

    public static string Cut(string? text, int max = SearchDocument.MaxBodyLength) =>
        string.IsNullOrEmpty(text) ? "" : text.Length <= max ? text : text[..max];
}
