using Foyer.Data.Accounts;
using Foyer.Data.Spaces;

namespace Foyer.Data.Wiki;

public class WikiPage : IRenderedText
{
    public const int MaxTitleLength = 200;
    public const int MaxMarkdownLength = 200_000;

    public long Id { get; set; }
    public long SpaceId { get; set; }
    public long? ParentId { get; set; }
    /// <summary>Order among siblings, ascending.</summary>
    public int Position { get; set; }
    public string Title { get; set; } = "";
    /// <summary>The form [[links]] are matched by: lower case, single spaces, NFC. Unique per space.</summary>
    public string NormalizedTitle { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public string PlainText { get; set; } = "";
    /// <summary>The number of the current revision; an edit form carries the version it started from.</summary>
    public int Version { get; set; } = 1;
    public long CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
    public long UpdatedById { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>The discussion this page was turned from, if any.</summary>
    public long? SourcePostId { get; set; }

    public Space? Space { get; set; }
    public User? UpdatedBy { get; set; }
}

/// <summary>Every saved state of a page, the current one included; a restore adds a new revision.</summary>
public class WikiRevision
{
    public long Id { get; set; }
    public long PageId { get; set; }
    public int Version { get; set; }
    public string Title { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string Summary { get; set; } = "";
    public long AuthorId { get; set; }
    public DateTime CreatedAt { get; set; }

    public User? Author { get; set; }
}

public enum WikiAliasKind
{
    /// <summary>An earlier URL slug: old addresses redirect to the page.</summary>
    Slug = 0,
    /// <summary>An earlier title: [[links]] written with it still reach the page.</summary>
    Title = 1,
}

public class WikiAlias
{
    public long Id { get; set; }
    public long SpaceId { get; set; }
    public WikiAliasKind Kind { get; set; }
    public string Value { get; set; } = "";
    public long PageId { get; set; }
}

public enum WikiLinkSource
{
    Page = 0,
    Post = 1,
    Comment = 2,
}

/// <summary>
/// One [[link]] found in a page, post or comment, by target title, so "what links here" is one indexed lookup and
/// links to pages that do not exist yet are known when the page is created.
/// </summary>
public class WikiLink
{
    public long Id { get; set; }
    public WikiLinkSource SourceKind { get; set; }
    public long SourceId { get; set; }
    public long TargetSpaceId { get; set; }
    public string TargetTitle { get; set; } = "";
}

public class WikiTemplate
{
    public const int MaxNameLength = 100;

    public long Id { get; set; }
    /// <summary>Null: offered in every space (made by an organisation admin).</summary>
    public long? SpaceId { get; set; }
    public string Name { get; set; } = "";
    public string Markdown { get; set; } = "";
    public long CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
}

public class WikiWatch
{
    public long PageId { get; set; }
    public long UserId { get; set; }
    public DateTime CreatedAt { get; set; }
}
