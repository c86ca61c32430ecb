using Foyer.Data;
using Foyer.Data.Stream;
using Foyer.Web.Infrastructure.Audience;
using Foyer.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Foyer.Data.Sqlite;

namespace Foyer.Web.Features.Stream;

public sealed record PostCard(long Id, string Html, DateTime CreatedAt, DateTime? EditedAt, long AuthorId, string AuthorName,
    string AuthorHandle, string SpaceName, string SpaceSlug, int CommentCount, int ReactionCount)
{
    public PostKind Kind { get; init; }
    public string? WikiTitle { get; init; }
    public string? WikiSlug { get; init; }

    public int AttachmentCount { get; init; }
    public IReadOnlyList<Foyer.Data.Files.StoredFile> Attachments { get; set; } = [];

    public bool LikedByViewer { get; set; }
    public bool Mine { get; set; }
}

public sealed record StreamPage(IReadOnlyList<PostCard> Posts, long? OlderCursor);

/// <summary>Which posts a stream shows, before the audience filter: all, one space's, one person's or one tag's.</summary>
public abstract record StreamScope
{
    public sealed record Organisation : StreamScope;
    public sealed record InSpace(long SpaceId) : StreamScope;
    public sealed record ByAuthor(long AuthorId) : StreamScope;
    public sealed record WithTag(string Name) : StreamScope;

    public static readonly StreamScope All = new Organisation();
}

/// <summary>
/// Reads a page of a stream newest first. Keyset pagination on the post id ("older than the cursor"), so page 500
/// costs what page 1 costs.
/// </summary>
/// <remarks>
/// The stream is the most-read page, so its one query is written by hand (the same SQL on SQLite and PostgreSQL) and
/// read with a plain data reader: EF's LINQ translation and materialisation cost more than the query itself (see
/// bench/Foyer.Bench). On a SQLite file it runs on <see cref="SqlitePreparedReads"/>, which keeps it prepared. Visibility is <see cref="AudienceFilter.PostReadableSql"/>, the SQL twin of
/// <see cref="AudienceFilter.VisibleTo(IQueryable{Post}, Viewer)"/>, and the audience matrix tests both.
/// </remarks>
public static class StreamQuery
{
    public static async Task<StreamPage> PageAsync(FoyerDbContext db, Viewer viewer, StreamScope scope, long? before, int pageSize,
        SqlitePreparedReads? preparedReads = null)
    {
        var cards = new List<PostCard>(pageSize + 1);
        if (!viewer.IsAnonymous)
        {
            var (sql, parameters) = Sql(viewer, scope, before, pageSize);
            PostCard Read(System.Data.Common.DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetDateTime(2), r.IsDBNull(3) ? null : r.GetDateTime(3),
                r.GetInt64(4), r.GetString(5), r.GetString(6), r.GetString(7), r.GetString(8), r.GetInt32(9), r.GetInt32(10))
            {
                Kind = (PostKind)r.GetInt32(11),
                WikiTitle = r.IsDBNull(12) ? null : r.GetString(12),
                WikiSlug = r.IsDBNull(13) ? null : r.GetString(13),
                AttachmentCount = r.GetInt32(14),
                LikedByViewer = r.GetInt32(15) != 0,
                Mine = r.GetInt64(4) == viewer.UserId,
            };
            cards.AddRange(await HandWrittenReads.ReadAsync(db, preparedReads, sql, parameters, Read));
        }
        var hasMore = cards.Count > pageSize;
        if (hasMore) cards.RemoveAt(cards.Count - 1);
        await LoadAttachmentsAsync(db, cards);
        return new StreamPage(cards, hasMore ? cards[^1].Id : null);
    }

    /// <summary>The page query for this viewer, scope and cursor, with its parameters (public for the bench's query plans).</summary>
    public static (string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) Sql(Viewer viewer, StreamScope scope, long? before, int pageSize)
    {
        var parameters = new List<KeyValuePair<string, object>>(4);
        var where = new System.Text.StringBuilder(AudienceFilter.PostReadableSql(viewer, "p", "s", "@viewer"));
        switch (scope)
        {
            case StreamScope.InSpace inSpace:
                where.Append(" AND p.\"SpaceId\" = @scope");
                parameters.Add(new("@scope", inSpace.SpaceId));
                break;
            case StreamScope.ByAuthor byAuthor:
                where.Append(" AND p.\"AuthorId\" = @scope");
                parameters.Add(new("@scope", byAuthor.AuthorId));
                break;
            case StreamScope.WithTag withTag:
                where.Append(" AND EXISTS (SELECT 1 FROM \"PostTags\" AS pt JOIN \"Tags\" AS t ON t.\"Id\" = pt.\"TagId\" WHERE pt.\"PostId\" = p.\"Id\" AND t.\"Name\" = @scope)");
                parameters.Add(new("@scope", withTag.Name));
                break;
        }
        if (before is long cursor)
        {
            where.Append(" AND p.\"Id\" < @before");
            parameters.Add(new("@before", cursor));
        }
        parameters.Add(new("@viewer", viewer.UserId));
        parameters.Add(new("@take", pageSize + 1));
        var sql = $"""
            SELECT p."Id", p."Html", p."CreatedAt", p."EditedAt", p."AuthorId", u."DisplayName", u."Handle", s."Name", s."Slug",
                   p."CommentCount", p."ReactionCount", p."Kind", w."Title", w."Slug", p."AttachmentCount",
                   CASE WHEN EXISTS (SELECT 1 FROM "Reactions" AS r
                                     WHERE r."TargetType" = {(int)ReactionTarget.Post} AND r."TargetId" = p."Id" AND r."UserId" = @viewer)
                        THEN 1 ELSE 0 END
            FROM "Posts" AS p
            JOIN "Spaces" AS s ON s."Id" = p."SpaceId"
            JOIN "AspNetUsers" AS u ON u."Id" = p."AuthorId"
            LEFT JOIN "WikiPages" AS w ON w."Id" = p."WikiPageId"
            WHERE {where}
            ORDER BY p."Id" DESC
            LIMIT @take
            """;
        return (sql, parameters);
    }

    /// <summary>The files of the posts that have some: one query, and none at all for a page without attachments.</summary>
    public static async Task LoadAttachmentsAsync(FoyerDbContext db, IReadOnlyList<PostCard> cards)
    {
        var ids = cards.Where(c => c.AttachmentCount > 0).Select(c => (long?)c.Id).ToList();
        if (ids.Count == 0) return;
        var files = await db.Files.AsNoTracking()
            .Where(f => f.OwnerKind == Foyer.Data.Files.FileOwnerKind.Post && ids.Contains(f.OwnerId))
            .OrderBy(f => f.Id).ToListAsync();
        var byPost = files.ToLookup(f => f.OwnerId!.Value);
        foreach (var card in cards) card.Attachments = byPost[card.Id].ToList();
    }

    /// <summary>Adds the viewer's own reactions to posts loaded one by one (a post page).</summary>
    public static async Task DecorateAsync(FoyerDbContext db, Viewer viewer, IReadOnlyList<PostCard> cards)
    {
        if (cards.Count == 0) return;
        var ids = cards.Select(c => c.Id).ToList();
        var liked = await db.Reactions.AsNoTracking()
            .Where(r => r.TargetType == ReactionTarget.Post && ids.Contains(r.TargetId) && r.UserId == viewer.UserId)
            .Select(r => r.TargetId).ToListAsync();
        foreach (var card in cards)
        {
            card.LikedByViewer = liked.Contains(card.Id);
            card.Mine = card.AuthorId == viewer.UserId;
        }
        await LoadAttachmentsAsync(db, cards);
    }
}
