using Foyer.Data;
using Foyer.Data.Wiki;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Wiki;

public sealed record WikiNode(long Id, long? ParentId, string Title, string Slug, int Position)
{
    public List<WikiNode> Children { get; } = [];
}

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

    /// <summary>The ancestors of a page, top down: one indexed lookup per level, whatever the size of the space.</summary>
    public static async Task<List<WikiNode>> AncestorsAsync(FoyerDbContext db, long spaceId, long? parentId)
    {
        var trail = new List<WikiNode>();
        var seen = new HashSet<long>();
        while (parentId is long id && seen.Add(id) && trail.Count < 50)
        {
            var node = await db.WikiPages.AsNoTracking().Where(p => p.Id == id && p.SpaceId == spaceId)
                .Select(p => new WikiNode(p.Id, p.ParentId, p.Title, p.Slug, p.Position)).FirstOrDefaultAsync();
            if (node is null) break;
            trail.Add(node);
            parentId = node.ParentId;
        }
        trail.Reverse();
        return trail;
    }

    /// <summary>The direct subpages of a page, in order.</summary>
    public static Task<List<WikiNode>> ChildrenAsync(FoyerDbContext db, long spaceId, long pageId) =>
        db.WikiPages.AsNoTracking().Where(p => p.SpaceId == spaceId && p.ParentId == pageId)
            .OrderBy(p => p.Position).ThenBy(p => p.Title)
            .Select(p => new WikiNode(p.Id, p.ParentId, p.Title, p.Slug, p.Position)).ToListAsync();

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
