using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.People;

public sealed record PersonItem(long Id, string DisplayName, string Handle, OrgRole Role);

/// <summary>The organisation's member list. Guests never see it: they know only the people of their spaces.</summary>
public class IndexModel(FoyerDbContext db) : FoyerPageModel
{
    private const int PageSize = 50;
    public List<PersonItem> People { get; private set; } = [];
    public string? Query { get; private set; }
    public string? NextAfter { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, string? after)
    {
        if (!Viewer.IsOrgMember) return NotFound();
        Query = q?.Trim();
        var people = db.Users.AsNoTracking().VisibleTo(db, Viewer);
        if (!string.IsNullOrEmpty(Query))
        {
            var pattern = "%" + Query.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            people = people.Where(u => EF.Functions.Like(u.DisplayName, pattern) || EF.Functions.Like(u.Handle, pattern));
        }
        if (!string.IsNullOrEmpty(after)) people = people.Where(u => u.Handle.CompareTo(after) > 0);
        People = await people.OrderBy(u => u.Handle).Take(PageSize + 1)
            .Select(u => new PersonItem(u.Id, u.DisplayName, u.Handle, u.Role)).ToListAsync();
        if (People.Count > PageSize)
        {
            People.RemoveAt(PageSize);
            NextAfter = People[^1].Handle;
        }
        return Page();
    }
}
