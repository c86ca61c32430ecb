using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Data.Spaces;
using Foyer.Web.Infrastructure.Content;
using Foyer.Web.Infrastructure.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Privacy;

/// <summary>
/// The organisation's practice space ("Spielwiese"): secret (members only), every member joins it, its posts expire
/// by the sandbox retention rule, and it is never indexed, mailed or counted in insights.
/// </summary>
public static class Sandbox
{
    /// <summary>Creates the sandbox if the organisation has none yet (first run after setup or after an update), with every member in it.</summary>
    public static async Task<Space> EnsureAsync(FoyerDbContext db, IStringLocalizer<SharedResource> t, string language, long creatorId, DateTime now)
    {
        var existing = await db.Spaces.FirstOrDefaultAsync(s => s.IsSandbox);
        if (existing is not null) return existing;
        string name, description;
        using (LanguageScope.Use(language))
        {
            name = t["Sandbox"];
            description = t["A place to practise: only members see it, posts disappear after a few days, nothing here is mailed, searched or counted."];
        }
        var slug = Slugs.From(name);
        if (await db.Spaces.AnyAsync(s => s.Slug == slug)) slug = $"{slug}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2))}";
        var space = new Space
        {
            Name = name, NormalizedName = name.ToUpperInvariant(), Slug = slug, Description = description, Visibility = SpaceVisibility.Secret,
            IsSandbox = true, CreatedById = creatorId, CreatedAt = now,
        };
        db.Spaces.Add(space);
        await db.SaveChangesAsync();
        var members = await db.Users.Where(u => u.Role != OrgRole.Guest && u.DeactivatedAt == null && u.DeletedAt == null).Select(u => u.Id).ToListAsync();
        db.SpaceMemberships.AddRange(members.Select(id => new SpaceMembership
        {
            SpaceId = space.Id, UserId = id, Role = id == creatorId ? SpaceRole.Admin : SpaceRole.Member, JoinedAt = now,
        }));
        await db.SaveChangesAsync();
        return space;
    }

    /// <summary>A new member (not a guest) starts in the sandbox; added to the caller's unit of work.</summary>
    public static async Task JoinAsync(FoyerDbContext db, User user, DateTime now)
    {
        if (user.Role == OrgRole.Guest) return;
        var sandbox = await db.Spaces.Where(s => s.IsSandbox).Select(s => (long?)s.Id).FirstOrDefaultAsync();
        if (sandbox is long id && !await db.SpaceMemberships.AnyAsync(m => m.SpaceId == id && m.UserId == user.Id))
        {
            db.SpaceMemberships.Add(new SpaceMembership { SpaceId = id, UserId = user.Id, Role = SpaceRole.Member, JoinedAt = now });
        }
    }
}
