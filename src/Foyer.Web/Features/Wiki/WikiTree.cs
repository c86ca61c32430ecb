using Foyer.Data;
using Foyer.Data.Sqlite;
using Foyer.Data.Wiki;
using Foyer.Web.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

public sealed record WikiNode(long Id, long? ParentId, string Title, string Slug, int Position)
{
    public List<WikiNode> Children { get; } = [];
}

/// <summary>Where a page sits: its ancestors from the top down, and its direct subpages in order.</summary>
public sealed record WikiSurroundings(IReadOnlyList<WikiNode> Breadcrumbs, IReadOnlyList<WikiNode> Children);

/// <summary>The page tree of one space: children in order, breadcrumbs, and moves that never make a loop.</summary>
public sealed class WikiTree
{
    private readonly Dictionary<long, WikiNode> _byId;

    private WikiTree(List<WikiNode> nodes)
    {
        _byId = nodes.ToDictionary(n => n.Id);
        foreach (var node in nodes.OrderBy(n => n.Position).ThenBy(n => n.Title, StringComparer.CurrentCultureIgnoreCase))
        {
            if (node.ParentId is long parent && _byId.TryGetValue(parent, out var p)) p.Children.Add(node);
            else Roots.Add(node);
        }
    }

    public List<WikiNode> Roots { get; } = [];
    public int Count => _byId.Count;

    /// <summary>
    /// A page's place in the tree for its view: the ancestors top down and the direct subpages in order, in one
    /// statement whatever the depth (a recursive CTE walking up by primary key, next to the indexed child lookup). The
    /// walk stops after <see cref="MaxDepth"/> levels and at the first page seen twice, so a broken tree with a loop
    /// still ends.
    /// </summary>
    public static async Task<WikiSurroundings> SurroundingsAsync(FoyerDbContext db, long spaceId, long pageId, long? parentId,
        SqlitePreparedReads? preparedReads = null)
    {
        var (sql, parameters) = SurroundingsQuery(spaceId, pageId, parentId);
        var rows = await HandWrittenReads.ReadAsync(db, preparedReads, sql, parameters,
            r => (IsChild: r.GetInt32(0) == 1,
                Node: new WikiNode(r.GetInt64(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetInt32(5))));
        var breadcrumbs = new List<WikiNode>();
        var seen = new HashSet<long>();
        foreach (var (_, node) in rows.TakeWhile(r => !r.IsChild))
        {
            if (!seen.Add(node.Id)) break;
            breadcrumbs.Add(node);
        }
        breadcrumbs.Reverse();
        return new WikiSurroundings(breadcrumbs, rows.Where(r => r.IsChild).Select(r => r.Node).ToList());
    }

    /// <summary>The deepest breadcrumb trail shown; deeper trees are cut at the top.</summary>
    public const int MaxDepth = 50;

    /// <summary>The statement and its parameters (public for the bench's query plans).</summary>
    public static (string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters) SurroundingsQuery(long spaceId, long pageId, long? parentId) =>
        // Ids start at 1, so 0 finds no parent for a top-level page (a typed NULL would differ between the databases).
        (SurroundingsSql, [new("@parent", parentId ?? 0L), new("@page", pageId), new("@space", spaceId), new("@depth", MaxDepth)]);

    /// <summary>The ancestors (kind 0) parent first, then the children (kind 1) by position and title.</summary>
    private const string SurroundingsSql = """
        WITH RECURSIVE trail ("Id", "ParentId", "Title", "Slug", "Position", "Depth") AS (
            SELECT p."Id", p."ParentId", p."Title", p."Slug", p."Position", 1
            FROM "WikiPages" AS p WHERE p."Id" = @parent AND p."SpaceId" = @space
            UNION ALL
            SELECT p."Id", p."ParentId", p."Title", p."Slug", p."Position", t."Depth" + 1
            FROM trail AS t
            JOIN "WikiPages" AS p ON p."Id" = t."ParentId"
            WHERE p."SpaceId" = @space AND t."Depth" < @depth
        )
        SELECT 0, "Id", "ParentId", "Title", "Slug", "Position", "Depth" FROM trail
        UNION ALL
        SELECT 1, c."Id", c."ParentId", c."Title", c."Slug", c."Position", 0
        FROM "WikiPages" AS c WHERE c."SpaceId" = @space AND c."ParentId" = @page
        ORDER BY 1, 7, 6, 4
        """;

    public static async Task<WikiTree> LoadAsync(FoyerDbContext db, long spaceId) => new(await db.WikiPages.AsNoTracking()
        .Where(p => p.SpaceId == spaceId)
        .Select(p => new WikiNode(p.Id, p.ParentId, p.Title, p.Slug, p.Position)).ToListAsync());

    public WikiNode? Find(long id) => _byId.GetValueOrDefault(id);

    /// <summary>The ancestors of a page, from the top down, without the page itself.</summary>
    public IReadOnlyList<WikiNode> Breadcrumbs(long id)
    {
        var trail = new List<WikiNode>();
        var seen = new HashSet<long> { id };
        var current = Find(id)?.ParentId;
        while (current is long p && _byId.TryGetValue(p, out var node) && seen.Add(p))
        {
            trail.Add(node);
            current = node.ParentId;
        }
        trail.Reverse();
        return trail;
    }

    /// <summary>True when <paramref name="candidate"/> is the page itself or lies below it: moving there would make a loop.</summary>
    public bool IsSelfOrDescendant(long pageId, long candidate)
    {
        var seen = new HashSet<long>();
        long? current = candidate;
        while (current is long c && seen.Add(c))
        {
            if (c == pageId) return true;
            current = Find(c)?.ParentId;
        }
        return false;
    }

    /// <summary>Every page in tree order with its depth, for a "move under" choice.</summary>
    public IEnumerable<(WikiNode Node, int Depth)> Flatten()
    {
        var stack = new Stack<(WikiNode, int)>(Roots.AsEnumerable().Reverse().Select(r => (r, 0)));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            yield return (node, depth);
            foreach (var child in node.Children.AsEnumerable().Reverse()) stack.Push((child, depth + 1));
        }
    }
}
