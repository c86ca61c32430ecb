using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Web.Infrastructure.Content;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Accounts;

/// <summary>@handles derived from a person's name: "Jörg Müller" → "joerg.mueller", then "joerg.mueller2" if taken.</summary>
public static class Handles
{
    public static async Task<string> UniqueAsync(FoyerDbContext db, string displayName)
    {
        var stem = Slugs.From(displayName, '.', User.MaxHandleLength - 4);
        if (stem.Length == 0) stem = "person";
        var taken = await db.Users.Where(u => u.Handle == stem || u.Handle.StartsWith(stem))
            .Select(u => u.Handle).ToListAsync();
        if (!taken.Contains(stem)) return stem;
        for (var n = 2; ; n++)
        {
            var candidate = stem + n;
            if (!taken.Contains(candidate)) return candidate;
        }
    }
}
