using Microsoft.Data.Sqlite;

namespace Foyer.Bench;

/// <summary>What the bench needs to know about a generated database: who logs in, where the deep page starts.</summary>
internal sealed record DatasetFacts(
    long ViewerId, string ViewerHandle, string ViewerName, int ViewerSpaces, int ViewerClosed, int ViewerSecret,
    long Posts, long Comments, long VisiblePosts, long DeepCursor, int DeepPosition, long VisibleNewerThanCursor)
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
        return new DatasetFacts(id, handle, name, spaces, closed, secret, posts, comments, visible, cursor, position, newer);
    }

    private static long Scalar(SqliteConnection conn, string sql, params (string Name, object Value)[] parameters)
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
