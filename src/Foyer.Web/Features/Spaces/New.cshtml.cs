using System.ComponentModel.DataAnnotations;
using Foyer.Data;
using Foyer.Data.Spaces;
using Foyer.Web.Features.Shared;
using Foyer.Web.Infrastructure.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Spaces;

public class NewModel(FoyerDbContext db, TimeProvider time) : FoyerPageModel
{
    [BindProperty] public SpaceInput Input { get; set; } = new();

    public sealed class SpaceInput
    {
        [Required(ErrorMessage = "Please give the space a name."), StringLength(Space.MaxNameLength, ErrorMessage = "The name is too long (80 characters at most).")]
        public string Name { get; set; } = "";
        [StringLength(Space.MaxDescriptionLength, ErrorMessage = "The description is too long (1000 characters at most).")]
        public string? Description { get; set; }
        public SpaceVisibility Visibility { get; set; } = SpaceVisibility.Open;
    }

    public IActionResult OnGet() => Viewer.IsOrgMember ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!Viewer.IsOrgMember) return NotFound();
        if (!ModelState.IsValid || !Enum.IsDefined(Input.Visibility)) return Rejected(400, T["Please correct the marked fields."]);
        var name = Input.Name.Trim();
        var normalized = name.ToUpperInvariant();
        var slug = Slugs.From(name);
        if (slug.Length == 0) slug = "space";
        // Names are unique among the spaces the creator can see. A secret space's name does not count: refusing it
        // would tell an outsider that the secret space exists.
        if (await db.Spaces.ListableBy(Viewer).AnyAsync(s => s.NormalizedName == normalized))
        {
            return Rejected(409, T["A space with this name already exists. Please choose another name."], "Input.Name");
        }
        var unique = slug;
        while (await db.Spaces.AnyAsync(s => s.Slug == unique))
        {
            // A random suffix, not "-2": a counter would hint at how many spaces share the name.
            unique = $"{slug}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2))}";
        }

        var now = time.GetUtcNow().UtcDateTime;
        var space = new Space
        {
            Name = name, NormalizedName = normalized, Slug = unique, Description = Input.Description?.Trim() ?? "",
            Visibility = Input.Visibility, CreatedById = Viewer.UserId, CreatedAt = now,
        };
        space.Members.Add(new SpaceMembership { UserId = Viewer.UserId, Role = SpaceRole.Admin, JoinedAt = now });
        db.Spaces.Add(space);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Two spaces created with the same address at the same moment.
            db.ChangeTracker.Clear();
            return Rejected(409, T["Someone created a space with this address at the same moment. Please try again."], "Input.Name");
        }
        return Redirect($"/spaces/{space.Slug}");
    }
}
