using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;

namespace Foyer.Data.Blogs;

/// <summary>The organisation's blog (no space) or a space's blog. Created on first use.</summary>
public class Blog
{
    public long Id { get; set; }
    public long? SpaceId { get; set; }
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    public Space? Space { get; set; }
}

public class BlogCategory
{
    public const int MaxNameLength = 60;
    public long Id { get; set; }
    public long BlogId { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
}

public enum ArticleStatus
{
    Draft = 0,
    /// <summary>Becomes published by itself at <see cref="Article.PublishAt"/>.</summary>
    Scheduled = 1,
    Published = 2,
}

/// <summary>The rungs of the openness ladder an article can stand on.</summary>
public enum ArticleAudience
{
    /// <summary>Those who can read the blog's space (for the organisation blog: the organisation).</summary>
    Space = 0,
    /// <summary>Every member of the organisation (not guests).</summary>
    Organisation = 1,
    /// <summary>Anyone on the web, without an account.</summary>
    Public = 2,
}

public class Article : IRenderedText
{
    public const int MaxTitleLength = 200;
    public const int MaxMarkdownLength = 100_000;
    public const int MaxExcerptLength = 500;

    public long Id { get; set; }
    public long BlogId { get; set; }
    public long AuthorId { get; set; }
    public string Title { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public string PlainText { get; set; } = "";
    public string Excerpt { get; set; } = "";
    public ArticleStatus Status { get; set; }
    /// <summary>When a scheduled article goes out; when a published one went out.</summary>
    public DateTime? PublishAt { get; set; }
    public ArticleAudience Audience { get; set; }
    public bool CommentsOpen { get; set; } = true;
    public int CommentCount { get; set; }
    public int Version { get; set; } = 1;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Blog? Blog { get; set; }
    public User? Author { get; set; }
    public List<ArticleCategory> Categories { get; set; } = [];
    public List<ArticleTag> Tags { get; set; } = [];
}

public class ArticleCategory
{
    public long ArticleId { get; set; }
    public long CategoryId { get; set; }
    public BlogCategory? Category { get; set; }
}

public class ArticleTag
{
    public long ArticleId { get; set; }
    public long TagId { get; set; }
    public Tag? Tag { get; set; }
}

/// <summary>Every step of an article up or down the openness ladder, with who took it.</summary>
public class ArticleAudienceChange
{
    public long Id { get; set; }
    public long ArticleId { get; set; }
    public long ActorId { get; set; }
    public ArticleAudience From { get; set; }
    public ArticleAudience To { get; set; }
    public DateTime CreatedAt { get; set; }
}
