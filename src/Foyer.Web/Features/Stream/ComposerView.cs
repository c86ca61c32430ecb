using Foyer.Data;
using Foyer.Data.Spaces;
using Foyer.Web.Features.Spaces;
using Foyer.Web.Infrastructure.Audience;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Stream;

/// <summary>What the composer needs: where the post can go, and who will see it there.</summary>
public sealed class ComposerView
{
    public Space? FixedSpace { get; init; }
    public IReadOnlyList<Space> Spaces { get; init; } = [];
    public IReadOnlyDictionary<long, AudienceSummary> Audiences { get; init; } = new Dictionary<long, AudienceSummary>();
    public long? SelectedSpaceId { get; init; }
    public string Draft { get; init; } = "";
    /// <summary>Files uploaded with an earlier attempt (a preview, a rejected form), offered again.</summary>
    public IReadOnlyList<Foyer.Data.Files.StoredFile> PendingFiles { get; set; } = [];

    /// <summary>Spaces the viewer can post to: those they belong to, and open ones for organisation members.</summary>
    public static async Task<ComposerView> ForViewerAsync(FoyerDbContext db, AudienceCache cache, Viewer viewer, long? selected = null, string draft = "")
    {
        // Asked on every first page of the stream, changed rarely: cached until people, spaces or memberships change.
        var (spaces, audiences) = await cache.GetOrCreateAsync("composer", viewer.UserId, async () =>
        {
            var id = viewer.UserId;
            var writable = await db.Spaces.AsNoTracking().ReadableBy(viewer)
                .Where(s => s.ArchivedAt == null && (s.Members.Any(m => m.UserId == id) || (s.Visibility == SpaceVisibility.Open && viewer.IsOrgMember)))
                .OrderByDescending(s => s.Members.Any(m => m.UserId == id)).ThenBy(s => s.Name)
                .ToListAsync();
            return (writable, await AudienceSummary.ForManyAsync(db, writable));
        });
        return new ComposerView { Spaces = spaces, Audiences = audiences, SelectedSpaceId = selected, Draft = draft };
    }

    public static async Task<ComposerView> ForSpaceAsync(FoyerDbContext db, Space space, string draft = "") => new()
    {
        FixedSpace = space,
        Spaces = [space],
        Audiences = new Dictionary<long, AudienceSummary> { [space.Id] = await AudienceSummary.ForAsync(db, space) },
        Draft = draft,
    };
}
