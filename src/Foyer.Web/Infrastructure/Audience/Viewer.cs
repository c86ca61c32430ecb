using System.Security.Claims;
using Foyer.Data;
using Foyer.Data.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Infrastructure.Audience;

/// <summary>Who is asking. Anonymous visitors have id 0 and see nothing of the organisation.</summary>
public sealed record Viewer(long UserId, OrgRole Role, string DisplayName = "", string Handle = "")
{
    /// <summary>Media providers whose players this person loads without the extra click (their own setting).</summary>
    public string AutoLoadEmbeds { get; init; } = "";
    /// <summary>The first-steps tour was put away (so the stream does not ask for its progress).</summary>
    public bool FirstStepsHidden { get; init; }

    public static readonly Viewer Anonymous = new(0, OrgRole.Guest);

    public bool IsAnonymous => UserId == 0;
    public bool IsGuest => !IsAnonymous && Role == OrgRole.Guest;
    public bool IsAdmin => !IsAnonymous && Role == OrgRole.Admin;
    /// <summary>Admins and members: people of the organisation itself, as opposed to guests.</summary>
    public bool IsOrgMember => !IsAnonymous && Role != OrgRole.Guest;
}

/// <summary>
/// Resolves the viewer once per request from the database, not from the cookie, so a changed role or a
/// deactivated account takes effect on the next request.
/// </summary>
public sealed class CurrentViewer(IHttpContextAccessor accessor, FoyerDbContext db, AudienceCache cache)
{
    private Viewer? _viewer;

    public async Task<Viewer> GetAsync()
    {
        if (_viewer is not null) return _viewer;
        var principal = accessor.HttpContext?.User;
        var idText = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal?.Identity?.IsAuthenticated != true || !long.TryParse(idText, out var id))
        {
            return _viewer = Viewer.Anonymous;
        }
        return _viewer = await cache.GetOrCreateAsync("viewer", id, async () =>
        {
            var user = await db.Users.AsNoTracking()
                .Where(u => u.Id == id && u.DeactivatedAt == null)
                .Select(u => new { u.Id, u.Role, u.DisplayName, u.Handle, u.AutoLoadEmbeds, Hidden = u.TourDismissedAt != null })
                .FirstOrDefaultAsync();
            return user is null ? Viewer.Anonymous : new Viewer(user.Id, user.Role, user.DisplayName, user.Handle) { AutoLoadEmbeds = user.AutoLoadEmbeds, FirstStepsHidden = user.Hidden };
        });
    }
}
