using Foyer.Data.Accounts;
using Foyer.Data.Spaces;

namespace Foyer.Data.Stream;

public enum PostKind
{
    /// <summary>Written by a person.</summary>
    Regular = 0,
    /// <summary>"Klaus created the wiki page ...": an entry the wiki writes into the space's stream.</summary>
    WikiCreated = 1,
    /// <summary>"Klaus updated the wiki page ...".</summary>
    WikiUpdated = 2,
}

public class Post : IRenderedText
{
    public const int MaxMarkdownLength = 20_000;

    public long Id { get; set; }
    public long SpaceId { get; set; }
    public long AuthorId { get; set; }
    public PostKind Kind { get; set; }
    /// <summary>For wiki entries: the page they are about.</summary>
    public long? WikiPageId { get; set; }
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public string PlainText { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? EditedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public long? DeletedById { get; set; }
    /// <summary>Incremented on every edit; a form carries the version it was based on so stale edits are refused.</summary>
    public int Version { get; set; } = 1;
    public int CommentCount { get; set; }
    public int ReactionCount { get; set; }
    /// <summary>Files attached to the post itself, so a stream page looks them up only for the posts that have some.</summary>
    public int AttachmentCount { get; set; }

    public Space? Space { get; set; }
    public User? Author { get; set; }
    public Wiki.WikiPage? WikiPage { get; set; }
    public List<PostTag> Tags { get; set; } = [];
}

/// <summary>An earlier version of a post, kept on every edit.</summary>
public class PostRevision
{
    public long Id { get; set; }
    public long PostId { get; set; }
    public int Version { get; set; }
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public long EditorId { get; set; }
    public DateTime CreatedAt { get; set; }
}
