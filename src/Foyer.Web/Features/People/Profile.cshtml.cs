using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Web.Features.Shared;
using Foyer.Web.Features.Stream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.People;

public class ProfileModel(FoyerDbContext db, IOptions<StreamOptions> options) : FoyerPageModel
{
    public User Person { get; private set; } = null!;
    public StreamPage Stream { get; private set; } = new([], null);

    public async Task<IActionResult> OnGetAsync(string handle, long? before)
    {
        var person = await db.Users.AsNoTracking().VisibleTo(db, Viewer).FirstOrDefaultAsync(u => u.Handle == handle);
        if (person is null) return NotFound();
        Person = person;
        var theirs = db.Posts.VisibleTo(Viewer).Where(p => p.AuthorId == person.Id);
        Stream = await StreamQuery.PageAsync(db, Viewer, theirs, before, options.Value.PageSize);
        return Page();
    }
}
