using Foyer.Data;
using Foyer.Data.Organisation;
using Foyer.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Insights;

/// <summary>A printable page for the works council: exactly what insights measure, and what Foyer never measures.</summary>
public class SummaryModel(FoyerDbContext db, TimeProvider time) : FoyerPageModel
{
    public OrganisationSettings Settings { get; private set; } = null!;
    public int? AuditDays { get; private set; }
    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!Viewer.IsAdmin) return Forbid();
        Settings = await db.Organisation.AsNoTracking().FirstAsync();
        AuditDays = await db.RetentionRules.Where(r => r.Kind == Data.Privacy.RetentionKind.AuditLog).Select(r => r.Days).FirstOrDefaultAsync();
        Now = time.GetUtcNow().UtcDateTime;
        return Page();
    }
}
