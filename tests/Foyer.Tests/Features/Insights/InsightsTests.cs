using System.Net;
using Foyer.Data.Accounts;
using Foyer.Data.Privacy;
using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Features.Insights;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Foyer.Tests.Features.Insights;

/// <summary>Insights show groups of at least five people only, and no subtraction of shown figures reveals a smaller group.</summary>
public abstract class InsightsTests(FoyerApp app)
{
    private async Task<InsightReport> ReportAsync(long? space = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var to = InsightsCalculator.WeekStart(app.Clock.GetUtcNow().UtcDateTime);
        return await scope.ServiceProvider.GetRequiredService<InsightsCalculator>().ReportAsync(to.AddDays(-28), to, space);
    }

    private async Task<(Space Big, Space Small, List<User> BigPeople, List<User> SmallPeople)> SceneAsync()
    {
        var bigPeople = new List<User>();
        for (var i = 0; i < 6; i++) bigPeople.Add(await app.CreateUserAsync());
        var smallPeople = new List<User>();
        for (var i = 0; i < 3; i++) smallPeople.Add(await app.CreateUserAsync());
        var big = await app.CreateSpaceAsync(SpaceVisibility.Open, bigPeople[0], [.. bigPeople.Skip(1)]);
        var small = await app.CreateSpaceAsync(SpaceVisibility.Closed, smallPeople[0], [.. smallPeople.Skip(1)]);
        foreach (var p in bigPeople)
        {
            var client = await app.LoginAsync(p);
            var post = await client.PublishAsync(big, "Wer hat den Schlüssel zur Probebühne?");
            await client.CommentAsync(post, "Ich schaue nach");
        }
        foreach (var p in smallPeople)
        {
            var client = await app.LoginAsync(p);
            await client.PublishAsync(small, "Nur unter uns drei");
            await client.PublishAsync(small, "Noch ein Beitrag");
        }
        // The week is complete: insights count whole weeks only.
        app.Clock.Advance(TimeSpan.FromDays(7));
        return (big, small, bigPeople, smallPeople);
    }

    [Fact]
    public async Task A_space_of_three_is_suppressed_and_cannot_be_reconstructed_by_subtracting_larger_groups()
    {
        var (big, small, _, _) = await SceneAsync();
        var report = await ReportAsync();

        var bigRow = report.Spaces.Single(r => r.Label == big.Name);
        var smallRow = report.Spaces.Single(r => r.Label == small.Name);
        Assert.NotNull(bigRow.Figures);
        Assert.Equal(6, bigRow.Figures!.Posts);
        Assert.Equal(6, bigRow.Figures.ActivePeople);
        Assert.Null(smallRow.Figures);

        // Differencing: the total minus every shown space, and the total minus every shown week, leaves nothing over.
        var total = report.Total!;
        Assert.Equal(total.Posts, report.Spaces.Where(r => r.Figures is not null).Sum(r => r.Figures!.Posts));
        Assert.Equal(total.Comments, report.Spaces.Where(r => r.Figures is not null).Sum(r => r.Figures!.Comments));
        Assert.Equal(total.Posts, report.Weeks.Where(r => r.Figures is not null).Sum(r => r.Figures!.Posts));
        // The small space's six posts are in no figure at all: the space's own report is suppressed, too.
        var own = await ReportAsync(small.Id);
        Assert.Null(own.Total);
        Assert.All(own.Weeks, w => Assert.Null(w.Figures));
        Assert.Equal(6, (await ReportAsync(big.Id)).Total!.Posts);
        // The questions were answered by others? Every post got only its author's comment: none counts.
        Assert.Equal(0, bigRow.Figures.QuestionsAnswered);
    }

    [Fact]
    public async Task The_page_shows_fewer_than_5_is_logged_on_every_view_and_is_for_admins_only()
    {
        var (big, small, bigPeople, smallPeople) = await SceneAsync();
        var admin = await app.LoginAsync(app.Admin);
        var page = await admin.GetPageAsync("/admin/insights?weeks=4");
        Assert.Contains("fewer than 5", page, StringComparison.Ordinal);
        Assert.Contains($"data-space=\"{small.Name}\"", page, StringComparison.Ordinal);
        Assert.Contains("What it saves", page, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditAction.InsightsViewed && a.ActorId == app.Admin.Id && a.Target == "organisation")));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/admin/insights?weeks=5")).StatusCode);

        var member = await app.LoginAsync(bigPeople[1]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/admin/insights")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/spaces/{big.Slug}/insights")).StatusCode);
        // A space admin sees the reduced page of their space; the small space's admin sees only "fewer than 5".
        var bigAdmin = await app.LoginAsync(bigPeople[0]);
        var spacePage = await bigAdmin.GetPageAsync($"/spaces/{big.Slug}/insights?weeks=4");
        Assert.Contains("data-figure=\"posts\">6<", spacePage, StringComparison.Ordinal);
        Assert.DoesNotContain("What it saves", spacePage, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditAction.InsightsViewed && a.ActorId == bigPeople[0].Id && a.Target == $"space:{big.Id}")));
        var smallAdmin = await app.LoginAsync(smallPeople[0]);
        var smallPage = await smallAdmin.GetPageAsync($"/spaces/{small.Slug}/insights?weeks=4");
        Assert.Contains("data-figure=\"suppressed\"", smallPage, StringComparison.Ordinal);
        // Someone outside a secret or closed space cannot even learn that its insights exist.
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/spaces/{small.Slug}/insights")).StatusCode);
    }

    [Fact]
    public async Task Per_person_statistics_need_a_named_works_agreement_and_every_switch_is_logged()
    {
        var (big, _, bigPeople, _) = await SceneAsync();
        var admin = await app.LoginAsync(app.Admin);
        Assert.DoesNotContain("data-per-person", await admin.GetPageAsync("/admin/insights?weeks=4"), StringComparison.Ordinal);

        var refused = await admin.SubmitAsync("/admin/insights", "/admin/insights?handler=Personal", new() { ["allowed"] = "true", ["reference"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Organisation.Select(o => o.PersonalStatisticsAllowed).SingleAsync()));

        var on = await admin.SubmitAsync("/admin/insights", "/admin/insights?handler=Personal", new() { ["allowed"] = "true", ["reference"] = "BV 2026/3 vom 1.10.2026" });
        Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        var page = await admin.GetPageAsync("/admin/insights?weeks=4");
        Assert.Contains("data-per-person", page, StringComparison.Ordinal);
        Assert.Contains(bigPeople[0].DisplayName, page, StringComparison.Ordinal);
        Assert.Contains("BV 2026/3", await admin.GetPageAsync("/admin/insights/summary"), StringComparison.Ordinal);

        await admin.SubmitAsync("/admin/insights", "/admin/insights?handler=Personal", new() { ["reference"] = "" });
        Assert.DoesNotContain("data-per-person", await admin.GetPageAsync("/admin/insights?weeks=4"), StringComparison.Ordinal);
        var switches = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action == AuditAction.PersonalStatisticsSwitched).OrderBy(a => a.Id).Select(a => a.Details).ToListAsync());
        Assert.Equal(["on agreement=BV 2026/3 vom 1.10.2026", "off"], switches.TakeLast(2));
        Assert.NotNull(big);
    }

    [Fact]
    public async Task Assumptions_are_editable_validated_and_logged()
    {
        var admin = await app.LoginAsync(app.Admin);
        var bad = await admin.SubmitAsync("/admin/insights", "/admin/insights?handler=Assumptions", new() { ["minutesPerMail"] = "-3", ["hourlyCost"] = "40", ["currency"] = "EUR" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var ok = await admin.SubmitAsync("/admin/insights", "/admin/insights?handler=Assumptions", new() { ["minutesPerMail"] = "6", ["hourlyCost"] = "52,50", ["currency"] = "chf" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var settings = await app.WithDbAsync(db => db.Organisation.AsNoTracking().SingleAsync());
        Assert.Equal((6, 52.5m, "CHF"), (settings.MinutesPerMail, settings.HourlyCost, settings.Currency));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditAction.InsightsSettingsChanged)));
        Assert.Contains("6 minutes", await admin.GetPageAsync("/admin/insights/summary"), StringComparison.Ordinal);
        await admin.SubmitAsync("/admin/insights", "/admin/insights?handler=Assumptions", new() { ["minutesPerMail"] = "5", ["hourlyCost"] = "45", ["currency"] = "EUR" });
    }
}

[Collection(SqliteCollection.Name)]
public sealed class InsightsSqliteTests(SqliteApp app) : InsightsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class InsightsPostgresTests(PostgresApp app) : InsightsTests(app);
