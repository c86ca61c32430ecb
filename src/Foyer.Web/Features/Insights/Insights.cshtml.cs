using System.Globalization;
using Foyer.Data;
using Foyer.Data.Organisation;
using Foyer.Data.Privacy;
using Foyer.Web.Features.Privacy;
using Foyer.Web.Features.Shared;
using Foyer.Web.Features.Spaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Insights;

/// <summary>
/// Insights for admins (the organisation, per week and per space, with the estimate of what it saves) and, reduced to
/// their space, for space admins. Every view is written to the audit log.
/// </summary>
public class InsightsModel(FoyerDbContext db, InsightsCalculator calculator, TimeProvider time) : FoyerPageModel
{
    public static readonly int[] Periods = [4, 12, 26, 52];
    public InsightReport Report { get; private set; } = null!;
    public OrganisationSettings Settings { get; private set; } = null!;
    public int Weeks { get; private set; } = 12;
    public string? SpaceName { get; private set; }
    public string? SpaceSlug { get; private set; }
    public bool ForSpace => SpaceSlug is not null;
    public int HiddenSpaces { get; private set; }
    /// <summary>Only when an admin switched per-person statistics on under a works agreement.</summary>
    public List<(string Name, int Posts, int Comments, int WikiEdits)>? PerPerson { get; private set; }

    public double Hours(InsightFigures f) => f.MailsAvoided * Settings.MinutesPerMail / 60.0;
    public decimal Money(InsightFigures f) => Math.Round((decimal)Hours(f) * Settings.HourlyCost, 0);

    public async Task<IActionResult> OnGetAsync(string? slug, int? weeks)
    {
        if (Viewer.IsAnonymous) return Challenge();
        long? spaceId = null;
        if (slug is not null)
        {
            var access = await SpaceAccess.LoadAsync(db, Viewer, slug);
            if (access is null || !access.CanRead || access.Space.IsSandbox) return NotFound();
            if (!access.IsSpaceAdmin && !Viewer.IsAdmin) return Forbid();
            (spaceId, SpaceName, SpaceSlug) = (access.Space.Id, access.Space.Name, access.Space.Slug);
        }
        else if (!Viewer.IsAdmin)
        {
            return Forbid();
        }
        if (weeks is int w && !Periods.Contains(w)) return await LoadAndRejectAsync(spaceId, T["Please choose one of the offered periods."]);
        Weeks = weeks ?? 12;
        await LoadAsync(spaceId);
        AuditLog.Record(db, Viewer.UserId, AuditAction.InsightsViewed, spaceId is long s ? AuditLog.Space(s) : AuditLog.Organisation,
            string.Create(CultureInfo.InvariantCulture, $"weeks={Weeks}"), time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAssumptionsAsync(string? minutesPerMail, string? hourlyCost, string? currency)
    {
        if (!Viewer.IsAdmin) return Forbid();
        var ok = int.TryParse(minutesPerMail, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes is >= 0 and <= 120;
        var costText = (hourlyCost ?? "").Trim().Replace(',', '.');
        ok &= decimal.TryParse(costText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cost) && cost is >= 0 and <= 10_000;
        var code = (currency ?? "").Trim().ToUpperInvariant();
        ok &= code.Length == 3 && code.All(char.IsAsciiLetterUpper);
        if (!ok)
        {
            return await LoadAndRejectAsync(null, T["Please enter minutes between 0 and 120, an hourly cost between 0 and 10000 and a three-letter currency code (EUR, CHF)."]);
        }
        var settings = await db.Organisation.FirstAsync();
        var details = string.Create(CultureInfo.InvariantCulture, $"minutes {settings.MinutesPerMail}->{minutes} cost {settings.HourlyCost}->{cost} currency {settings.Currency}->{code}");
        (settings.MinutesPerMail, settings.HourlyCost, settings.Currency) = (minutes, cost, code);
        AuditLog.Record(db, Viewer.UserId, AuditAction.InsightsSettingsChanged, AuditLog.Organisation, details, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
        Flash(T["The assumptions were saved."]);
        return Redirect("/admin/insights");
    }

    /// <summary>Per-person statistics: off unless an admin names the works agreement that allows them; every switch is logged.</summary>
    public async Task<IActionResult> OnPostPersonalAsync(bool allowed, string? reference)
    {
        if (!Viewer.IsAdmin) return Forbid();
        var text = (reference ?? "").Trim();
        if (allowed && (text.Length == 0 || text.Length > 200))
        {
            return await LoadAndRejectAsync(null, T["Per-person statistics need a works agreement: please name it (for example its number and date)."]);
        }
        var settings = await db.Organisation.FirstAsync();
        if (settings.PersonalStatisticsAllowed == allowed && (!allowed || settings.WorksAgreementReference == text)) return Redirect("/admin/insights");
        (settings.PersonalStatisticsAllowed, settings.WorksAgreementReference) = (allowed, allowed ? text : "");
        AuditLog.Record(db, Viewer.UserId, AuditAction.PersonalStatisticsSwitched, AuditLog.Organisation,
            allowed ? $"on agreement={text}" : "off", time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
        Flash(allowed ? T["Per-person statistics are on, under the works agreement \"{0}\".", text] : T["Per-person statistics are off."]);
        return Redirect("/admin/insights");
    }

    private async Task<IActionResult> LoadAndRejectAsync(long? spaceId, string message)
    {
        await LoadAsync(spaceId);
        return Rejected(400, message);
    }

    private async Task LoadAsync(long? spaceId)
    {
        Settings = await db.Organisation.AsNoTracking().FirstAsync();
        var to = InsightsCalculator.WeekStart(time.GetUtcNow().UtcDateTime);
        Report = await calculator.ReportAsync(to.AddDays(-7 * Weeks), to, spaceId, spaceId is null ? null : Viewer.UserId, HttpContext.RequestAborted);
        // Admins do not learn the names of spaces they may not see (ADR 0002): those are counted in the totals only.
        var listable = (await db.Spaces.AsNoTracking().ListableBy(Viewer).Select(s => s.Id).ToListAsync()).ToHashSet();
        HiddenSpaces = Report.Spaces.Count(r => r.SpaceId is long id && !listable.Contains(id));
        Report = Report with { Spaces = Report.Spaces.Where(r => r.SpaceId is long id && listable.Contains(id)).ToList() };
        if (spaceId is null && Settings.PersonalStatisticsAllowed)
        {
            PerPerson = await calculator.PerPersonAsync(to.AddDays(-7 * Weeks), to, HttpContext.RequestAborted);
        }
    }
}
