using System.Data.Common;
using Foyer.Data;
using Foyer.Data.Sqlite;
using Foyer.Data.Wiki;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Database;

namespace Foyer.Web.Features.Wiki;

public sealed record Backlink(string Kind, string Title, string Href);

/// <summary>What links to a page: other pages, posts and comments, each as far as the viewer may read it.</summary>
/// <remarks>
/// Read on every page view, so it is one hand-written command (the same SQL on SQLite and PostgreSQL) instead of four
/// EF queries: EF's translation and materialisation cost more than the lookups (bench/Foyer.Bench). Visibility is
/// <see cref="AudienceFilter.WikiPageReadableSql"/>, <see cref="AudienceFilter.PostReadableSql"/> and
/// <see cref="AudienceFilter.CommentReadableSql"/>, the SQL twins of the VisibleTo filters; the backlink audience
/// tests compare this with those filters for every kind of viewer on both databases.
/// </remarks>
public static class Backlinks
{
    private const int PageRow = 0, PostRow = 1, CommentRow = 2;

    public static async Task<List<Backlink>> ForAsync(FoyerDbContext db, Viewer viewer, WikiPage page, int limit = 100,
        SqlitePreparedReads? preparedReads = null)
    {
        if (viewer.IsAnonymous) return [];
        var (sql, parameters) = Sql(viewer, page, limit);
        return await HandWrittenReads.ReadAsync(db, preparedReads, sql, parameters, r => Read(r, page.SpaceId));
    }

    /// <summary>
    /// The command for this viewer and page, with its parameters: the three statements of <see cref="Statements"/> in
    /// one round trip.
    /// </summary>
    public static (string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) Sql(Viewer viewer, WikiPage page, int limit) =>
        (string.Join(";\n", Statements(viewer)),
        [
            new("@title", page.NormalizedTitle), new("@page", page.Id), new("@space", page.SpaceId),
            new("@viewer", viewer.UserId), new("@take", limit),
        ]);

    /// <summary>
    /// Linking pages (by title), posts and comments (newest first), one statement each (public for the bench's query
    /// plans). Each has its own ORDER BY and LIMIT, so the order is the database's without sorting the three lists
    /// together again, and each starts from the page's few link rows ("Id IN (the link rows' sources)", an index
    /// lookup), never from all pages, posts or comments. The columns are the same in all three: kind, page title,
    /// id, slug or text, space slug or author, space name, space or post id, comment number.
    /// </summary>
    public static IReadOnlyList<string> Statements(Viewer viewer) =>
    [
        $"""
        {Titles}
        SELECT {PageRow}, p."Title", p."Id", p."Slug", s."Slug", s."Name", p."SpaceId", 0
        FROM "WikiPages" AS p
        JOIN "Spaces" AS s ON s."Id" = p."SpaceId"
        WHERE p."Id" <> @page AND p."Id" IN ({LinkSources(WikiLinkSource.Page)})
          AND {AudienceFilter.WikiPageReadableSql(viewer, "s", "@viewer")}
        ORDER BY p."Title", p."Id" DESC
        LIMIT @take
        """,
        $"""
        {Titles}
        SELECT {PostRow}, '', p."Id", p."PlainText", u."DisplayName", '', 0, 0
        FROM "Posts" AS p
        JOIN "Spaces" AS s ON s."Id" = p."SpaceId"
        JOIN "AspNetUsers" AS u ON u."Id" = p."AuthorId"
        WHERE p."Id" IN ({LinkSources(WikiLinkSource.Post)})
          AND {AudienceFilter.PostReadableSql(viewer, "p", "s", "@viewer")}
        ORDER BY p."Id" DESC
        LIMIT @take
        """,
        $"""
        {Titles}
        SELECT {CommentRow}, '', c."Id", c."PlainText", u."DisplayName", '', c."PostId", c."Number"
        FROM "Comments" AS c
        JOIN "Posts" AS p ON p."Id" = c."PostId"
        JOIN "Spaces" AS s ON s."Id" = p."SpaceId"
        JOIN "AspNetUsers" AS u ON u."Id" = c."AuthorId"
        WHERE c."Id" IN ({LinkSources(WikiLinkSource.Comment)})
          AND {AudienceFilter.CommentReadableSql(viewer, "c", "p", "s", "@viewer")}
        ORDER BY c."Id" DESC
        LIMIT @take
        """,
    ];

    /// <summary>The page's title and its earlier ones: [[links]] written with either reach it.</summary>
    private static readonly string Titles = $"""
        WITH titles ("Title") AS (
            SELECT @title
            UNION
            SELECT a."Value" FROM "WikiAliases" AS a WHERE a."PageId" = @page AND a."Kind" = {(int)WikiAliasKind.Title}
        )
        """;

    /// <summary>The sources of one kind that link to the page by its title or an earlier one (one row per [[link]]).</summary>
    private static string LinkSources(WikiLinkSource kind) => $"""
        SELECT l."SourceId" FROM "WikiLinks" AS l
        WHERE l."TargetSpaceId" = @space AND l."SourceKind" = {(int)kind} AND l."TargetTitle" IN (SELECT "Title" FROM titles)
        """;

    private static Backlink Read(DbDataReader r, long pageSpaceId) => r.GetInt32(0) switch
    {
        PageRow => new Backlink("page", r.GetInt64(6) == pageSpaceId ? r.GetString(1) : $"{r.GetString(5)}: {r.GetString(1)}",
            $"/spaces/{r.GetString(4)}/wiki/{r.GetString(3)}"),
        PostRow => new Backlink("post", $"{r.GetString(4)}: {Excerpt(r.GetString(3))}", $"/posts/{r.GetInt64(2)}"),
        _ => new Backlink("comment", $"{r.GetString(4)}: {Excerpt(r.GetString(3))}", $"/posts/{r.GetInt64(6)}#comment-{r.GetInt32(7)}"),
    };

    private static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 80 ? line : line[..80] + "…";
    }
}
