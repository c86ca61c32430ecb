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
/// Read on every page view, so it is one hand-written statement (the same SQL on SQLite and PostgreSQL) instead of four
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
    /// The statement for this viewer and page, with its parameters (public for the bench's query plans). Each branch
    /// starts from the page's few link rows ("Id IN (the link rows' sources)", an index lookup), never from all pages,
    /// posts or comments, and keeps its own order and limit; the outer ORDER BY puts pages (by title), then posts and
    /// comments (newest first) one after the other.
    /// </summary>
    public static (string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) Sql(Viewer viewer, WikiPage page, int limit)
    {
        var sql = $"""
            WITH titles ("Title") AS (
                SELECT @title
                UNION
                SELECT a."Value" FROM "WikiAliases" AS a WHERE a."PageId" = @page AND a."Kind" = {(int)WikiAliasKind.Title}
            )
            SELECT {PageRow}, x."Title", x."Id", x."Slug", x."SpaceSlug", x."SpaceName", x."SpaceId", 0 FROM (
                SELECT p."Title", p."Id", p."Slug", s."Slug" AS "SpaceSlug", s."Name" AS "SpaceName", p."SpaceId"
                FROM "WikiPages" AS p
                JOIN "Spaces" AS s ON s."Id" = p."SpaceId"
                WHERE p."Id" <> @page AND p."Id" IN ({LinkSources(WikiLinkSource.Page)})
                  AND {AudienceFilter.WikiPageReadableSql(viewer, "s", "@viewer")}
                ORDER BY p."Title", p."Id" DESC
                LIMIT @take
            ) AS x
            UNION ALL
            SELECT {PostRow}, '', x."Id", x."PlainText", x."Author", '', 0, 0 FROM (
                SELECT p."Id", p."PlainText", u."DisplayName" AS "Author"
                FROM "Posts" AS p
                JOIN "Spaces" AS s ON s."Id" = p."SpaceId"
                JOIN "AspNetUsers" AS u ON u."Id" = p."AuthorId"
                WHERE p."Id" IN ({LinkSources(WikiLinkSource.Post)})
                  AND {AudienceFilter.PostReadableSql(viewer, "p", "s", "@viewer")}
                ORDER BY p."Id" DESC
                LIMIT @take
            ) AS x
            UNION ALL
            SELECT {CommentRow}, '', x."Id", x."PlainText", x."Author", '', x."PostId", x."Number" FROM (
                SELECT c."Id", c."PlainText", u."DisplayName" AS "Author", c."PostId", c."Number"
                FROM "Comments" AS c
                JOIN "Posts" AS p ON p."Id" = c."PostId"
                JOIN "Spaces" AS s ON s."Id" = p."SpaceId"
                JOIN "AspNetUsers" AS u ON u."Id" = c."AuthorId"
                WHERE c."Id" IN ({LinkSources(WikiLinkSource.Comment)})
                  AND {AudienceFilter.CommentReadableSql(viewer, "c", "p", "s", "@viewer")}
                ORDER BY c."Id" DESC
                LIMIT @take
            ) AS x
            ORDER BY 1, 2, 3 DESC
            """;
        return (sql,
        [
            new("@title", page.NormalizedTitle), new("@page", page.Id), new("@space", page.SpaceId),
            new("@viewer", viewer.UserId), new("@take", limit),
        ]);
    }

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
