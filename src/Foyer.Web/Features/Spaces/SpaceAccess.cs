using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Spaces;

/// <summary>What the viewer may do in one space, derived from the audience filter and their membership.</summary>
public sealed record SpaceAccess(Space Space, SpaceRole? Role, bool CanRead)
{
    public bool IsMember => Role is not null;
    public bool IsSpaceAdmin => Role == SpaceRole.Admin;
    public bool CanParticipate(Viewer viewer) => CanRead && AudienceFilter.CanParticipate(viewer, Space, IsMember);

    /// <summary>The space as the viewer may know it, or null when it does not exist for them (secret spaces answer 404).</summary>
    public static Task<SpaceAccess?> LoadAsync(FoyerDbContext db, Viewer viewer, string slug) =>
        LoadAsync(db, viewer, db.Spaces.Where(s => s.Slug == slug));

    public static Task<SpaceAccess?> LoadAsync(FoyerDbContext db, Viewer viewer, long spaceId) =>
        LoadAsync(db, viewer, db.Spaces.Where(s => s.Id == spaceId));

    /// <summary>
    /// The space, the viewer's role in it and whether they may read it, in one query (every space and wiki page asks
    /// this first): the role and <see cref="AudienceFilter.ReadableBy"/> are correlated subqueries of the listable space.
    /// </summary>
    private static async Task<SpaceAccess?> LoadAsync(FoyerDbContext db, Viewer viewer, IQueryable<Space> candidates)
    {
        var id = viewer.UserId;
        var readable = db.Spaces.ReadableBy(viewer);
        var found = await candidates.AsNoTracking().ListableBy(viewer)
            .Select(s => new
            {
                Space = s,
                Role = db.SpaceMemberships.Where(m => m.SpaceId == s.Id && m.UserId == id).Select(m => (SpaceRole?)m.Role).FirstOrDefault(),
                CanRead = readable.Any(r => r.Id == s.Id),
            })
            .FirstOrDefaultAsync();
        return found is null ? null : new SpaceAccess(found.Space, found.Role, found.CanRead);
    }
}

/// <summary>"Who can see this?": the audience of a space, in numbers, shown before anything is published.</summary>
public sealed record AudienceSummary(string SpaceName, SpaceVisibility Visibility, int People, int Guests)
{
    public bool IncludesGuests => Guests > 0;

    public static async Task<AudienceSummary> ForAsync(FoyerDbContext db, Space space)
    {
        var counts = await db.Users.AudienceOf(db, space)
            .GroupBy(_ => 1)
            .Select(g => new { People = g.Count(), Guests = g.Count(u => u.Role == OrgRole.Guest) })
            .FirstOrDefaultAsync();
        return new AudienceSummary(space.Name, space.Visibility, counts?.People ?? 0, counts?.Guests ?? 0);
    }

    /// <summary>The audiences of many spaces in two queries, for a composer that offers a choice of spaces.</summary>
    public static async Task<Dictionary<long, AudienceSummary>> ForManyAsync(FoyerDbContext db, IReadOnlyList<Space> spaces)
    {
        var ids = spaces.Select(s => s.Id).ToList();
        var counts = await db.SpaceMemberships.Where(m => ids.Contains(m.SpaceId) && m.User!.DeactivatedAt == null)
            .GroupBy(m => m.SpaceId)
            .Select(g => new { SpaceId = g.Key, Members = g.Count(), Guests = g.Count(m => m.User!.Role == OrgRole.Guest) })
            .ToDictionaryAsync(x => x.SpaceId);
        var organisation = spaces.Any(s => s.Visibility == SpaceVisibility.Open)
            ? await db.Users.CountAsync(u => u.DeactivatedAt == null && u.Role != OrgRole.Guest)
            : 0;
        return spaces.ToDictionary(s => s.Id, s =>
        {
            counts.TryGetValue(s.Id, out var c);
            var guests = c?.Guests ?? 0;
            var people = s.Visibility == SpaceVisibility.Open ? organisation + guests : c?.Members ?? 0;
            return new AudienceSummary(s.Name, s.Visibility, people, guests);
        });
    }
}
