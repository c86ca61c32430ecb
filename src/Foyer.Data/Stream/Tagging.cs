namespace Foyer.Data.Stream;

public class Tag
{
    public const int MaxNameLength = 50;
    public long Id { get; set; }
    /// <summary>Lower-case form used in URLs and lookups.</summary>
    public string Name { get; set; } = "";
}

public class PostTag
{
    public long PostId { get; set; }
    public long TagId { get; set; }
    public Tag? Tag { get; set; }
    public Post? Post { get; set; }
}

public class Mention
{
    public long Id { get; set; }
    public long PostId { get; set; }
    public long? CommentId { get; set; }
    public long UserId { get; set; }
}

public enum ReactionTarget
{
    Post = 0,
    Comment = 1,
}

public class Reaction
{
    public long Id { get; set; }
    public ReactionTarget TargetType { get; set; }
    public long TargetId { get; set; }
    public long UserId { get; set; }
    public string Kind { get; set; } = "like";
    public DateTime CreatedAt { get; set; }
}
