using Foyer.Data.Accounts;

namespace Foyer.Data.Blogs;

public enum CommentStatus
{
    Published = 0,
    /// <summary>Waiting in the moderation queue.</summary>
    Held = 1,
    /// <summary>Marked as spam by the filter or a moderator; never shown.</summary>
    Spam = 2,
    Deleted = 3,
}

/// <summary>
/// A comment on an article, by a member or a guest. A guest's e-mail address is stored for moderators only and never
/// leaves the server in any page, feed or export that others see.
/// </summary>
public class ArticleComment : IRenderedText
{
    public const int MaxMarkdownLength = 5_000;
    public const int MaxNameLength = 80;
    public const int MaxEmailLength = 200;
    public const int MaxWebsiteLength = 200;

    public long Id { get; set; }
    public long ArticleId { get; set; }
    public long? ParentId { get; set; }
    /// <summary>1, 2, 3 ... in order of publication; held comments get theirs when they are approved.</summary>
    public int? Number { get; set; }
    public long? AuthorId { get; set; }
    public string GuestName { get; set; } = "";
    public string GuestEmail { get; set; } = "";
    public string GuestWebsite { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public CommentStatus Status { get; set; }
    public string ModerationReasons { get; set; } = "";
    public double SpamProbability { get; set; }
    public string RemoteNetwork { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? EditedAt { get; set; }

    public User? Author { get; set; }
    public Article? Article { get; set; }
}
