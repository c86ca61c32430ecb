using Foyer.Data.Accounts;

namespace Foyer.Data.Stream;

public class Comment : IRenderedText
{
    public const int MaxMarkdownLength = 10_000;

    public long Id { get; set; }
    public long PostId { get; set; }
    public long? ParentId { get; set; }
    /// <summary>1, 2, 3 ... within the post, in order of writing, like the numbered comments of a blog.</summary>
    public int Number { get; set; }
    public long AuthorId { get; set; }
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public string PlainText { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? EditedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public int ReactionCount { get; set; }

    public Post? Post { get; set; }
    public User? Author { get; set; }
}
