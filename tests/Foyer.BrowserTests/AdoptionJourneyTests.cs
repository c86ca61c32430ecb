using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Foyer.BrowserTests;

/// <summary>
/// The fear-free first week in a real browser: a newcomer follows the tour (named after the organisation) to a first
/// post in the sandbox, a draft survives a reload, and the admin's insights show "fewer than 5" for a small team.
/// </summary>
public sealed class AdoptionJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_newcomer_follows_the_tour_to_a_first_sandbox_post_and_insights_stay_suppressed()
    {
        var (admin, adminProblems) = await app.NewPersonAsync("en-GB");
        await app.SetUpOrganisationAsync(admin, "Museum am Fluss", "en", "Helga Admin", "helga@museum.example", "Ausstellung-2026-Winter");

        await admin.GotoAsync("/admin/invitations");
        await admin.FillAsync("#Email", "mara@museum.example");
        await admin.SelectOptionAsync("#Role", "Member");
        await admin.ClickAsync("form:has(#Email) button[type=submit]");
        var link = await admin.InputValueAsync("#invite-link");

        var (mara, maraProblems) = await app.NewPersonAsync("en-GB");
        await mara.GotoAsync(link);
        await mara.FillAsync("#DisplayName", "Mara Vogt");
        await mara.FillAsync("#Password", "Vitrine-sieben-offen");
        await mara.ClickAsync("button[type=submit]");
        await mara.WaitForURLAsync(app.BaseUrl + "/");

        // The tour carries the organisation's name and starts at zero.
        var tour = mara.Locator(".first-steps");
        await Expect(tour).ToContainTextAsync("Welcome to Museum am Fluss: your first steps");
        await Expect(tour).ToContainTextAsync("0 of 5 done");

        // Following the sandbox step opens the sandbox with the "introduce yourself" template in the composer.
        await tour.Locator("a", new() { HasTextString = "Write a first post" }).ClickAsync();
        await mara.WaitForURLAsync(new Regex("/spaces/sandbox"));
        var composer = mara.Locator("textarea#Markdown");
        await Expect(composer).ToHaveValueAsync(new Regex("^Hello everyone! I am"));
        await composer.FillAsync("Hello everyone! I am Mara and I work in the collection.");
        await mara.ClickAsync(".composer button[value=publish]");
        await mara.WaitForURLAsync(new Regex("/posts/\\d+$"));
        await Expect(mara.Locator(".post")).ToContainTextAsync("I work in the collection");

        await mara.GotoAsync("/");
        await Expect(mara.Locator(".first-steps")).ToContainTextAsync("1 of 5 done");

        // A draft typed but not sent is still there after a reload.
        await mara.Locator("textarea#Markdown").FillAsync("Half a thought about the new vitrine");
        await mara.WaitForTimeoutAsync(700);
        await mara.ReloadAsync();
        await Expect(mara.Locator("textarea#Markdown")).ToHaveValueAsync("Half a thought about the new vitrine");
        await Expect(mara.Locator(".draft-note")).ToBeVisibleAsync();

        // Two people are fewer than five: the admin's insights show nothing about them, and the view is logged.
        await admin.GotoAsync("/admin/insights");
        await Expect(admin.Locator("[data-figure=suppressed]")).ToBeVisibleAsync();
        await Expect(admin.Locator("table.insights").First).ToContainTextAsync("fewer than 5");
        await admin.GotoAsync("/admin/audit");
        await Expect(admin.Locator("table.audit")).ToContainTextAsync("Insights viewed");

        Assert.Empty(adminProblems.Concat(maraProblems));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
