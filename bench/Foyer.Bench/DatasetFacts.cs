using Microsoft.Data.Sqlite;

namespace Foyer.Bench;

/// <summary>What the bench needs to know about a generated database: who logs in, where the deep page starts.</summary>
internal sealed record DatasetFacts(
    long ViewerId, string ViewerHandle, string ViewerName, int ViewerSpaces, int ViewerClosed, int ViewerSecret,
    long Posts, long Comments, long VisiblePosts, long DeepCursor, int DeepPosition, long VisibleNewerThanCursor, WikiFacts? Wiki)
{
    public string ViewerEmail => DatasetGenerator.Email(ViewerHandle);

    /// <summary>The same rule as AudienceFilter.VisibleTo for a member: not deleted, and an open space or one they belong to.</summary>
    public const string VisibleWhere =
        "p.\"DeletedAt\" IS NULL AND (s.\"Visibility\" = 0 OR EXISTS (SELECT 1 FROM \"SpaceMemberships\" AS m WHERE m.\"SpaceId\" = p.\"SpaceId\" AND m.\"UserId\" = $viewer))";

    public static DatasetFacts Read(string dbPath, int? deepPosition)
    {
        using var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        conn.Open();
        // An ordinary member who belongs to a few closed spaces, so "or a member" in the visibility rule matters.
        using var pick = conn.CreateCommand();
        pick.CommandText = """
            SELECT u."Id", u."Handle", u."DisplayName", COUNT(*),
                   SUM(CASE WHEN s."Visibility" = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN s."Visibility" = 2 THEN 1 ELSE 0 END)
            FROM "AspNetUsers" AS u
            JOIN "SpaceMemberships" AS sm ON sm."UserId" = u."Id"
            JOIN "Spaces" AS s ON s."Id" = sm."SpaceId"
            WHERE u."Role" = 1 AND u."DeactivatedAt" IS NULL
            GROUP BY u."Id"
            HAVING SUM(CASE WHEN s."Visibility" = 1 THEN 1 ELSE 0 END) BETWEEN 2 AND 4
            ORDER BY u."Id"
            LIMIT 1
            """;
        using var r = pick.ExecuteReader();
        if (!r.Read()) throw new InvalidOperationException("no member with 2-4 closed spaces in the dataset");
        var (id, handle, name, spaces, closed, secret) = (r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5));
        r.Close();

        var posts = Scalar(conn, "SELECT COUNT(*) FROM \"Posts\"");
        var comments = Scalar(conn, "SELECT COUNT(*) FROM \"Comments\"");
        var position = (int)Math.Min(deepPosition ?? posts * 3 / 4, posts - 1);
        var cursor = Scalar(conn, "SELECT \"Id\" FROM \"Posts\" ORDER BY \"Id\" DESC LIMIT 1 OFFSET $k", ("$k", position));
        var visible = Scalar(conn, $"SELECT COUNT(*) FROM \"Posts\" AS p JOIN \"Spaces\" AS s ON s.\"Id\" = p.\"SpaceId\" WHERE {VisibleWhere}", ("$viewer", id));
        var newer = Scalar(conn, $"SELECT COUNT(*) FROM \"Posts\" AS p JOIN \"Spaces\" AS s ON s.\"Id\" = p.\"SpaceId\" WHERE {VisibleWhere} AND p.\"Id\" >= $c",
            ("$viewer", id), ("$c", cursor));
        var wiki = Scalar(conn, "SELECT COUNT(*) FROM \"WikiPages\"") == 0 ? null : WikiFacts.Read(conn, id);
        return new DatasetFacts(id, handle, name, spaces, closed, secret, posts, comments, visible, cursor, position, newer, wiki);
    }

    internal static long Scalar(SqliteConnection conn, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in parameters)
        {
            cmd.Parameters.AddWithValue(n, v);
        }
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// The wiki page the bench measures: a ~20 KB page in a space the viewer can read, the one with the most backlinks
/// among them, with at least 5 revisions; the diff compares its first and its current revision.
/// </summary>
internal sealed record WikiFacts(
    long Pages, long Revisions, long Links, long PageId, long SpaceId, string SpaceSlug, string SpaceName, int SpaceVisibility,
    long SpacePages, string Slug, string Title, string NormalizedTitle, int Version, long Length, long FirstLength,
    int BacklinkPages, int BacklinkPosts, int BacklinkComments)
{
    public int Backlinks => BacklinkPages + BacklinkPosts + BacklinkComments;
    public string ViewPath => $"/spaces/{SpaceSlug}/wiki/{Slug}";
    public string DiffPath => System.FormattableString.Invariant($"{ViewPath}/diff?from=1&to={Version}");

    public static WikiFacts Read(SqliteConnection conn, long viewer)
    {
        using var pick = conn.CreateCommand();
        // octet_length: the size in bytes without reading the text itself.
        pick.CommandText = """
            SELECT p."Id", p."SpaceId", s."Slug", s."Name", s."Visibility", p."Slug", p."Title", p."NormalizedTitle", p."Version",
                   octet_length(p."Markdown"),
                   (SELECT octet_length(r."Markdown") FROM "WikiRevisions" AS r WHERE r."PageId" = p."Id" AND r."Version" = 1),
                   (SELECT COUNT(*) FROM "WikiPages" AS o WHERE o."SpaceId" = p."SpaceId"),
                   (SELECT COUNT(*) FROM "WikiLinks" AS l WHERE l."TargetSpaceId" = p."SpaceId" AND (l."TargetTitle" = p."NormalizedTitle"
                       OR l."TargetTitle" IN (SELECT a."Value" FROM "WikiAliases" AS a WHERE a."PageId" = p."Id" AND a."Kind" = 1))) AS "links"
            FROM "WikiPages" AS p
            JOIN "Spaces" AS s ON s."Id" = p."SpaceId"
            WHERE p."Version" >= 5 AND octet_length(p."Markdown") BETWEEN 18000 AND 24000
              AND (s."Visibility" = 0 OR EXISTS (SELECT 1 FROM "SpaceMemberships" AS m WHERE m."SpaceId" = s."Id" AND m."UserId" = $viewer))
            ORDER BY "links" DESC, p."Id"
            LIMIT 1
            """;
        pick.Parameters.AddWithValue("$viewer", viewer);
        using var r = pick.ExecuteReader();
        if (!r.Read()) throw new InvalidOperationException("no wiki page of 18-24 KB with 5+ revisions in a space the viewer can read");
        var (pageId, spaceId, spaceSlug, spaceName, visibility, slug, title, normalized, version, length, firstLength, spacePages) =
            (r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetString(5), r.GetString(6), r.GetString(7),
             r.GetInt32(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11));
        r.Close();

        // The backlinks the viewer sees, by the baseline's query: Foyer must show the same number.
        using var links = conn.CreateCommand();
        links.CommandText = BaselineServer.BacklinksSql;
        links.Parameters.AddWithValue("$page", pageId);
        links.Parameters.AddWithValue("$spaceId", spaceId);
        links.Parameters.AddWithValue("$title", normalized);
        links.Parameters.AddWithValue("$viewer", viewer);
        var counts = new int[3];
        using (var b = links.ExecuteReader())
        {
            while (b.Read())
            {
                counts[b.GetInt32(0)]++;
            }
        }
        return new WikiFacts(DatasetFacts.Scalar(conn, "SELECT COUNT(*) FROM \"WikiPages\""), DatasetFacts.Scalar(conn, "SELECT COUNT(*) FROM \"WikiRevisions\""),
            DatasetFacts.Scalar(conn, "SELECT COUNT(*) FROM \"WikiLinks\""), pageId, spaceId, spaceSlug, spaceName, visibility, spacePages, slug, title,
            normalized, version, length, firstLength, counts[0], counts[1], counts[2]);
    }
}
