using Foyer.Data.Accounts;
using Foyer.Data.Spaces;

namespace Foyer.Data.Stream;

public class Post
{
    public const int MaxMarkdownLength = 20_000;

    public long Id { get; set; }
    public long SpaceId { get; set; }
    public long AuthorId { get; set; }
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

    public Space? Space { get; set; }
    public User? Author { get; set; }
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
