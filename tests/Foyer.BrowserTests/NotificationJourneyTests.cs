using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Foyer.BrowserTests;

/// <summary>Two people in two browsers: one mentions the other, whose bell counts up without a reload.</summary>
public sealed class NotificationJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_mention_rings_the_bell_of_the_other_person_without_a_reload()
    {
        var (admin, adminProblems) = await app.NewPersonAsync();
        await app.SetUpOrganisationAsync(admin, "Kunsthalle", "de", "Lena Vogt", "lena@kunsthalle.example", "Vernissage-am-Donnerstag");
        await admin.GotoAsync("/admin/invitations");
        await admin.FillAsync("#Email", "tom@kunsthalle.example");
        await admin.SelectOptionAsync("#Role", "Member");
        await admin.ClickAsync("form:has(#Email) button[type=submit]");
        var link = await admin.InputValueAsync("#invite-link");

        var (tom, tomProblems) = await app.NewPersonAsync();
        await tom.GotoAsync(link);
        await tom.FillAsync("#DisplayName", "Tom Berger");
        await tom.FillAsync("#Password", "Hängung-bis-Mittwoch");
        await tom.ClickAsync("button[type=submit]");
        await tom.WaitForURLAsync(app.BaseUrl + "/");
        await app.CreateSpaceAsync(admin, "Ausstellungsbau", "ausstellungsbau");

        // Tom is looking at the stream; his bell is empty.
        await tom.GotoAsync("/");
        var count = tom.Locator("a.bell .bell-count");
        await Assertions.Expect(count).ToHaveAttributeAsync("data-count", "0");

        await admin.FillAsync("textarea#Markdown", "@tom.berger kannst du die Sockel prüfen?");
        await admin.ClickAsync(".composer button[value=publish]");
        await admin.WaitForURLAsync(new Regex("/posts/\\d+$"));

        // No reload: the count arrives live, and the stream offers the new post.
        await Assertions.Expect(count).ToHaveTextAsync("1");
        await Assertions.Expect(tom.Locator(".live-news")).ToBeVisibleAsync();
        await tom.ClickAsync("a.bell");
        await tom.WaitForURLAsync(app.BaseUrl + "/notifications");
        await Assertions.Expect(tom.Locator(".notification.unread")).ToContainTextAsync("Lena Vogt");
        await tom.ClickAsync(".notification.unread a");
        await tom.WaitForURLAsync(new Regex("/posts/\\d+$"));
        await Assertions.Expect(count).ToHaveAttributeAsync("data-count", "0");
        Assert.Empty(adminProblems);
        Assert.Empty(tomProblems);
    }
}
