namespace Foyer.Data.Search;

/// <summary>What a search hit is. New content types get a value here and one <c>ISearchSource</c> in Foyer.Web.</summary>
public enum SearchKind
{
    Post = 0,
    Comment = 1,
    WikiPage = 2,
    Article = 3,
    ArticleComment = 4,
    File = 5,
    Space = 6,
    Person = 7,
}

/// <summary>
/// Who may find a document, flattened from the audience filter when it is indexed so that the search query can apply
/// it inside the query (by the viewer's space ids), not by fetching and discarding.
/// </summary>
public enum SearchReach
{
    /// <summary>Those who may read the content of <see cref="SearchDocument.SpaceId"/> (AudienceFilter.ReadableBy).</summary>
    SpaceReaders = 0,
    /// <summary>Those who may know that the space <see cref="SearchDocument.SpaceId"/> exists (AudienceFilter.ListableBy).</summary>
    SpaceListing = 1,
    /// <summary>Every member of the organisation, not guests.</summary>
    Members = 2,
    /// <summary>Anyone, also without an account (public blog articles).</summary>
    Public = 3,
    /// <summary>A person: members find every member, and guests who share a space they can read; guests find the people of their spaces.</summary>
    Person = 4,
}

/// <summary>One findable thing, as the search index holds it: text for matching and showing, and who may find it.</summary>
public class SearchDocument
{
    public const int MaxBodyLength = 20_000;

    public long Id { get; set; }
    public SearchKind Kind { get; set; }
    /// <summary>The id of the post, comment, page, ... this document stands for.</summary>
    public long SourceId { get; set; }
    public long? SpaceId { get; set; }
    public SearchReach Reach { get; set; }
    /// <summary>For <see cref="SearchReach.Person"/>: the person is a guest.</summary>
    public bool IsGuest { get; set; }
    public long? AuthorId { get; set; }
    /// <summary>The post (for posts, their comments and files) or article (with its comments) the document belongs to.</summary>
    public long? ThreadId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Not findable before this time (a scheduled blog article).</summary>
    public DateTime VisibleFrom { get; set; }
    public string Title { get; set; } = "";
    /// <summary>Plain text, for snippets (cut at <see cref="MaxBodyLength"/>).</summary>
    public string Body { get; set; } = "";
    /// <summary>Where the hit leads, relative to the site.</summary>
    public string Path { get; set; } = "";
    /// <summary>Normalised tag names between spaces (" probe herbst "), for the tag filter.</summary>
    public string Tags { get; set; } = "";
    /// <summary>The analysed words of the title (folded and stemmed), which the full-text indexes are built on.</summary>
    public string TitleTerms { get; set; } = "";
    /// <summary>The analysed words of the body, tags and names.</summary>
    public string BodyTerms { get; set; } = "";
}

/// <summary>
/// Every analysed word the index has seen, with a form to show. Used to find words that contain a query word
/// (compounds: "projekt" in "kooperationsprojekt") and to suggest a spelling; never shown without a search that
/// the viewer may see confirming it.
/// </summary>
public class SearchTerm
{
    public long Id { get; set; }
    /// <summary>The analysed form, as the documents' terms hold it.</summary>
    public string Term { get; set; } = "";
    /// <summary>Folded but not stemmed ("staatsoper"), which compounds and spellings are looked up in.</summary>
    public string Folded { get; set; } = "";
    /// <summary>As written (lower case), for "did you mean".</summary>
    public string Word { get; set; } = "";
}
