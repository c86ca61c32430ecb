using Foyer.Data;
using Foyer.Data.Spaces;
using Foyer.Web.Features.Shared;
using Foyer.Web.Features.Stream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.Spaces;

public class SpaceModel(FoyerDbContext db, TimeProvider time, IOptions<StreamOptions> options, Foyer.Data.Sqlite.SqlitePreparedReads reads) : FoyerPageModel
{
    public Notifications.SubscriptionView? Subscription { get; private set; }
    public SpaceAccess Access { get; private set; } = null!;
    public StreamPage Stream { get; private set; } = new([], null);
    public ComposerView? Composer { get; private set; }
    public int MemberCount { get; private set; }
    public bool HasRequested { get; private set; }
    public bool CanJoin => Viewer.IsOrgMember && Access.Space.ArchivedAt == null;

    public async Task<IActionResult> OnGetAsync(string slug, long? before, string? template)
    {
        if (!await LoadAsync(slug)) return NotFound();
        if (Access.CanRead)
        {
            Stream = await StreamQuery.PageAsync(db, Viewer, new StreamScope.InSpace(Access.Space.Id), before, options.Value.PageSize, reads);
            if (before is null && Access.CanParticipate(Viewer))
            {
                Composer = await ComposerView.ForSpaceAsync(db, Access.Space, Onboarding.FirstSteps.Template(template, T) ?? "");
            }
        }
        return Page();
    }

    public async Task<IActionResult> OnPostJoinAsync(string slug)
    {
        if (!await LoadAsync(slug)) return NotFound();
        if (Access.Space.Visibility != SpaceVisibility.Open || !CanJoin) return Forbid();
        if (!Access.IsMember)
        {
            db.SpaceMemberships.Add(new SpaceMembership { SpaceId = Access.Space.Id, UserId = Viewer.UserId, JoinedAt = time.GetUtcNow().UtcDateTime });
            await SaveIgnoringDuplicateAsync();
        }
        Flash(T["You joined {0}.", Access.Space.Name]);
        return Redirect($"/spaces/{slug}");
    }

    public async Task<IActionResult> OnPostRequestJoinAsync(string slug, string? message)
    {
        if (!await LoadAsync(slug)) return NotFound();
        if (Access.Space.Visibility != SpaceVisibility.Closed || !CanJoin || Access.IsMember) return Forbid();
        if ((message?.Length ?? 0) > 500) return Rejected(400, T["The message is too long (500 characters at most)."]);
        if (!HasRequested)
        {
            db.SpaceJoinRequests.Add(new SpaceJoinRequest
            {
                SpaceId = Access.Space.Id, UserId = Viewer.UserId, Message = message?.Trim() ?? "", CreatedAt = time.GetUtcNow().UtcDateTime,
            });
            await SaveIgnoringDuplicateAsync();
        }
        Flash(T["Your request was sent to the space admins."]);
        return Redirect($"/spaces/{slug}");
    }

    public async Task<IActionResult> OnPostLeaveAsync(string slug)
    {
        if (!await LoadAsync(slug)) return NotFound();
        if (!Access.IsMember) return Redirect($"/spaces/{slug}");
        if (Access.IsSpaceAdmin && await db.SpaceMemberships.CountAsync(m => m.SpaceId == Access.Space.Id && m.Role == SpaceRole.Admin) == 1)
        {
            return Rejected(409, T["You are the last admin of this space. Make someone else an admin before you leave."]);
        }
        await db.SpaceMemberships.Where(m => m.SpaceId == Access.Space.Id && m.UserId == Viewer.UserId).ExecuteDeleteAsync();
        HttpContext.RequestServices.GetRequiredService<AudienceCache>().Invalidate();
        Flash(T["You left {0}.", Access.Space.Name]);
        return Redirect(Access.Space.Visibility == SpaceVisibility.Secret || Viewer.IsGuest ? "/spaces" : $"/spaces/{slug}");
    }

    private async Task<bool> LoadAsync(string slug)
    {
        var access = await SpaceAccess.LoadAsync(db, Viewer, slug);
        if (access is null) return false;
        Access = access;
        MemberCount = await db.SpaceMemberships.CountAsync(m => m.SpaceId == access.Space.Id);
        HasRequested = await db.SpaceJoinRequests.AnyAsync(r => r.SpaceId == access.Space.Id && r.UserId == Viewer.UserId);
        Subscription = access.CanRead
            ? new(access.Space.Id, null, await Notifications.SubscribeModel.CurrentAsync(db, Viewer.UserId, access.Space.Id, null), $"/spaces/{access.Space.Slug}")
            : null;
        return true;
    }

    private async Task SaveIgnoringDuplicateAsync()
    {
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // A double click: the membership or request already exists, which is what was asked for.
            db.ChangeTracker.Clear();
        }
    }
}
