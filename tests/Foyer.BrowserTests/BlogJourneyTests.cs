using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Foyer.BrowserTests;

/// <summary>
/// The step out: an editor puts an article on the public web, a visitor without an account comments as a guest,
/// the comment waits for moderation, a moderator approves it and it appears numbered in the thread.
/// </summary>
public sealed class BlogJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Password = "Oeffentlichkeitsarbeit-2026";

    [Fact]
    public async Task Publish_to_the_web_guest_comment_held_approved_and_numbered()
    {
        var (editor, editorProblems) = await app.NewPersonAsync();
        await editor.GotoAsync("/");
        await editor.FillAsync("#OrganisationName", "Stadttheater Beispielstadt");
        await editor.SelectOptionAsync("#Language", "de");
        await editor.FillAsync("#DisplayName", "Anna Schmidt");
        await editor.FillAsync("#Email", "anna@theater.example");
        await editor.FillAsync("#Password", Password);
        await editor.ClickAsync("button[type=submit]");
        await editor.WaitForURLAsync(app.BaseUrl + "/");

        // The editor writes and deliberately opens the article to the public web.
        await editor.GotoAsync("/blog/write");
        await editor.FillAsync("#Title", "Social Media: die Vorteile in der internen Zusammenarbeit");
        await editor.FillAsync("#Markdown", "Gerade habe ich mir dieses Interview angesehen. Würde sich in Kooperationsprojekten Zeit sparen lassen?");
        await editor.FillAsync("#Tags", "intern, kooperation");
        await editor.CheckAsync("input[name=Status][value=Published]");
        await editor.CheckAsync("input[name=Audience][value=Public]");
        await editor.CheckAsync("input[name=ConfirmPublic]");
        await editor.ClickAsync("main form button.primary");
        await editor.WaitForURLAsync(new Regex("/blog/social-media-die-vorteile"));
        var articleUrl = editor.Url;

        // A visitor without an account reads it and comments as a guest.
        var (visitor, visitorProblems) = await app.NewPersonAsync();
        await visitor.GotoAsync(articleUrl);
        await Expect(visitor.Locator("article.blog-article h1")).ToHaveTextAsync("Social Media: die Vorteile in der internen Zusammenarbeit");
        await Expect(visitor.Locator("#respond")).ToContainTextAsync("E-Mail-Adresse wird nicht veröffentlicht");
        await visitor.FillAsync("#guest-comment", "Spannend! Mehr dazu: https://kulturblog.example/intern und https://kulturblog.example/extern");
        await visitor.FillAsync("#guest-name", "Christian");
        await visitor.FillAsync("#guest-email", "christian@kulturblog.example");
        await visitor.FillAsync("#guest-website", "https://kulturblog.example");
        await Task.Delay(TimeSpan.FromSeconds(4)); // people take a moment to write; scripts do not
        await visitor.ClickAsync("#respond button[type=submit]");
        await visitor.WaitForURLAsync(new Regex("#comments$"));
        await Expect(visitor.Locator(".flash")).ToBeVisibleAsync();
        await Expect(visitor.Locator("ol.thread")).Not.ToContainTextAsync("Spannend!");
        Assert.DoesNotContain("christian@kulturblog.example", await visitor.ContentAsync(), StringComparison.Ordinal);

        // The moderator sees it with its reasons and approves it.
        await editor.GotoAsync("/blog/moderation");
        await Expect(editor.Locator(".moderation")).ToContainTextAsync("links:2");
        await editor.ClickAsync(".moderation form:has(button.primary) button.primary");
        await editor.WaitForURLAsync(new Regex("/blog/moderation$"));

        await visitor.GotoAsync(articleUrl);
        await Expect(visitor.Locator("#comment-1")).ToContainTextAsync("Spannend!");
        await Expect(visitor.Locator("#comment-1 .number")).ToHaveTextAsync("1.");
        await Expect(visitor.Locator("#comments h2")).ToContainTextAsync("Eine Antwort zu");
        Assert.DoesNotContain("christian@kulturblog.example", await visitor.ContentAsync(), StringComparison.Ordinal);
        var feed = await visitor.GotoAsync("/blog/feed/rss");
        Assert.DoesNotContain("christian@kulturblog.example", await feed!.TextAsync(), StringComparison.Ordinal);

        Assert.Empty(editorProblems.Concat(visitorProblems));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
