using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Foyer.BrowserTests;

/// <summary>
/// The foundation's journey in a real browser: setup, invitation, a closed space, a post with a mention and a tag,
/// a colleague's reply, and a guest of another space who cannot reach any of it.
/// </summary>
public sealed class FirstWeekJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Password = "Probebühne-2026-Herbst";

    [Fact]
    public async Task Setup_invite_post_mention_reply_and_a_guest_kept_out()
    {
        var (admin, adminProblems) = await app.NewPersonAsync();

        // 1. The first visit leads to setup.
        await admin.GotoAsync("/");
        Assert.EndsWith("/setup", admin.Url, StringComparison.Ordinal);
        await admin.FillAsync("#OrganisationName", "Stadttheater Beispielstadt");
        await admin.SelectOptionAsync("#Language", "de");
        await admin.FillAsync("#DisplayName", "Ines Hartmann");
        await admin.FillAsync("#Email", "ines@theater.example");
        await admin.FillAsync("#Password", Password);
        await admin.ClickAsync("button[type=submit]");
        await admin.WaitForURLAsync(app.BaseUrl + "/");
        Assert.Contains("Stadttheater Beispielstadt", await admin.TitleAsync(), StringComparison.Ordinal);

        // 2. Invite Klaus by a one-time link.
        await admin.GotoAsync("/admin/invitations");
        await admin.FillAsync("#Email", "klaus@theater.example");
        await admin.SelectOptionAsync("#Role", "Member");
        await admin.ClickAsync("form:has(#Email) button[type=submit]");
        var klausLink = await admin.InputValueAsync("#invite-link");
        Assert.Matches(new Regex("/invite/[A-Za-z0-9_-]{43,}$"), klausLink);

        var (klaus, klausProblems) = await app.NewPersonAsync();
        await klaus.GotoAsync(klausLink);
        await klaus.FillAsync("#DisplayName", "Klaus Becker");
        await klaus.FillAsync("#Password", "Hebebühne-zwei-frei");
        await klaus.ClickAsync("button[type=submit]");
        await klaus.WaitForURLAsync(app.BaseUrl + "/");

        // 3. A closed space with Klaus in it.
        await admin.GotoAsync("/spaces/new");
        await admin.FillAsync("#Name", "Koproduktion Faust");
        await admin.FillAsync("#Description", "Gemeinsam mit dem Landestheater");
        await admin.CheckAsync("input[value=Closed]");
        await admin.ClickAsync("main form button[type=submit]");
        await admin.WaitForURLAsync(app.BaseUrl + "/spaces/koproduktion-faust");
        await admin.GotoAsync("/spaces/koproduktion-faust/members");
        await admin.FillAsync("#who", "klaus@theater.example");
        await admin.ClickAsync("form:has(#who) button[type=submit]");
        await Expect(admin.Locator("ul.people")).ToContainTextAsync("Klaus Becker");

        // 4. A post with a mention picked from the autocomplete, and a tag; the composer says who will see it.
        await admin.GotoAsync("/spaces/koproduktion-faust");
        await Expect(admin.Locator(".audience")).ToContainTextAsync("2");
        var composer = admin.Locator("textarea#Markdown");
        await composer.ClickAsync();
        await composer.PressSequentiallyAsync("Erste Leseprobe am 3. Oktober, @kla");
        await Expect(admin.Locator(".mention-list li")).ToContainTextAsync("Klaus Becker");
        await composer.PressAsync("ArrowDown");
        await composer.PressAsync("Enter");
        await composer.PressSequentiallyAsync("bitte Bühne prüfen. #Probenplan");
        Assert.Contains("@klaus.becker ", await composer.InputValueAsync(), StringComparison.Ordinal);
        await admin.ClickAsync(".composer button[value=publish]");
        await admin.WaitForURLAsync(new Regex("/posts/\\d+$"));
        var postUrl = admin.Url;
        await Expect(admin.Locator(".post a.mention")).ToHaveAttributeAsync("href", "/people/klaus.becker");
        await Expect(admin.Locator(".post a.tag")).ToHaveAttributeAsync("href", "/tags/probenplan");

        // 5. Klaus sees it in his stream and replies.
        await klaus.GotoAsync("/");
        await Expect(klaus.Locator(".stream")).ToContainTextAsync("Erste Leseprobe am 3. Oktober");
        await klaus.ClickAsync(".stream article.post a[href^='/posts/'] time");
        await klaus.FillAsync("#comment-new", "Mach ich, @ines.hartmann! Hebebühne 2 ist frei.");
        await klaus.ClickAsync("form:has(#comment-new) button[type=submit]");
        await Expect(klaus.Locator("#comment-1")).ToContainTextAsync("Hebebühne 2 ist frei");
        await admin.GotoAsync(postUrl);
        await Expect(admin.Locator("#comment-1")).ToContainTextAsync("Klaus Becker");
        await admin.GotoAsync("/tags/probenplan");
        await Expect(admin.Locator(".stream")).ToContainTextAsync("Erste Leseprobe");

        // 6. A guest of another space reaches none of it.
        await admin.GotoAsync("/spaces/new");
        await admin.FillAsync("#Name", "Werkstatt");
        await admin.CheckAsync("input[value=Closed]");
        await admin.ClickAsync("main form button[type=submit]");
        await admin.GotoAsync("/spaces/werkstatt/members");
        await admin.ClickAsync("form:has(#guestEmail) button[type=submit]");
        var guestLink = await admin.InputValueAsync("input.copy");
        var (guest, guestProblems) = await app.NewPersonAsync();
        await guest.GotoAsync(guestLink);
        await guest.FillAsync("#DisplayName", "Mia Lorenz");
        await guest.FillAsync("#Email", "mia@partner.example");
        await guest.FillAsync("#Password", "Strichfassung-2026");
        await guest.ClickAsync("button[type=submit]");
        await guest.WaitForURLAsync(app.BaseUrl + "/spaces");
        await Expect(guest.Locator("main")).ToContainTextAsync("Werkstatt");
        await Expect(guest.Locator("main")).Not.ToContainTextAsync("Koproduktion Faust");
        var response = await guest.GotoAsync(postUrl);
        Assert.Equal(404, response!.Status);
        await Expect(guest.Locator("main")).Not.ToContainTextAsync("Leseprobe");
        response = await guest.GotoAsync("/spaces/koproduktion-faust");
        Assert.Equal(404, response!.Status);
        await guest.GotoAsync("/");
        Assert.EndsWith("/spaces", guest.Url, StringComparison.Ordinal);

        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "foyer-journey.png"), FullPage = true });
        Assert.Empty(adminProblems.Concat(klausProblems).Concat(guestProblems));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
