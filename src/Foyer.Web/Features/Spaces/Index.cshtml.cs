using Foyer.Data;
using Foyer.Data.Spaces;
using Foyer.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Spaces;

public sealed record SpaceListItem(long Id, string Slug, string Name, string Description, SpaceVisibility Visibility, bool IsMember, int MemberCount);

/// <summary>The space directory: open and closed spaces, plus the secret ones the viewer belongs to.</summary>
public class IndexModel(FoyerDbContext db) : FoyerPageModel
{
    public List<SpaceListItem> Spaces { get; private set; } = [];
    public bool CanCreate => Viewer.IsOrgMember;

    public async Task OnGetAsync()
    {
        var id = Viewer.UserId;
        Spaces = await db.Spaces.AsNoTracking().ListableBy(Viewer).Where(s => s.ArchivedAt == null)
            .OrderByDescending(s => s.Members.Any(m => m.UserId == id)).ThenBy(s => s.Name)
            .Select(s => new SpaceListItem(s.Id, s.Slug, s.Name, s.Description, s.Visibility,
                s.Members.Any(m => m.UserId == id), s.Members.Count))
            .ToListAsync();
    }
}
