using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Web.Features.Shared;
using Foyer.Web.Features.Stream;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.People;

public class ProfileModel(FoyerDbContext db, IOptions<StreamOptions> options, Foyer.Data.Sqlite.SqlitePreparedReads reads) : FoyerPageModel
{
    public User Person { get; private set; } = null!;
    public StreamPage Stream { get; private set; } = new([], null);

    public async Task<IActionResult> OnGetAsync(string handle, long? before)
    {
        var person = await db.Users.AsNoTracking().VisibleTo(db, Viewer).FirstOrDefaultAsync(u => u.Handle == handle);
        if (person is null) return NotFound();
        Person = person;
        Stream = await StreamQuery.PageAsync(db, Viewer, new StreamScope.ByAuthor(person.Id), before, options.Value.PageSize, reads);
        return Page();
    }
}
