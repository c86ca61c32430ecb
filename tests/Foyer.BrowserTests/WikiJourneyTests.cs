using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Foyer.BrowserTests;

/// <summary>
/// The wiki in a real browser: a page from a template, linked from a post, edited in two windows at once with the
/// conflict resolved by hand, and two revisions compared.
/// </summary>
public sealed class WikiJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Password = "Wiki-statt-Mailpingpong-2026";

    [Fact]
    public async Task Template_link_conflict_and_diff()
    {
        var (page, problems) = await app.NewPersonAsync("en-GB");
        await page.GotoAsync("/");
        await page.FillAsync("#OrganisationName", "Museum am Fluss");
        await page.SelectOptionAsync("#Language", "en");
        await page.FillAsync("#DisplayName", "Klaus Becker");
        await page.FillAsync("#Email", "klaus@museum.example");
        await page.FillAsync("#Password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(app.BaseUrl + "/");

        await page.GotoAsync("/spaces/new");
        await page.FillAsync("#Name", "Technik");
        await page.CheckAsync("input[value=Open]");
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync(app.BaseUrl + "/spaces/technik");

        // A template, and a page started from it.
        await page.GotoAsync("/spaces/technik/wiki/templates");
        await page.FillAsync("#Name", "Meeting notes");
        await page.FillAsync("#TemplateMarkdown", "## Present\n\n## Decisions\n\n## Next steps");
        await page.ClickAsync("main form:has(#Name) button[type=submit]");
        await page.GotoAsync("/spaces/technik/wiki/new");
        await page.SelectOptionAsync("#template", new SelectOptionValue { Label = "Meeting notes" });
        await page.ClickAsync("main form[method=get] button[type=submit]");
        Assert.Contains("## Decisions", await page.InputValueAsync("#Markdown"), StringComparison.Ordinal);
        await page.FillAsync("#Title", "Probenplan Herbst");
        var notes = (await page.InputValueAsync("#Markdown")).Replace("## Present", "## Present\nKlaus, Anna", StringComparison.Ordinal);
        await page.FillAsync("#Markdown", notes);
        await page.ClickAsync("main form[method=post] button.primary");
        await page.WaitForURLAsync(app.BaseUrl + "/spaces/technik/wiki/probenplan-herbst");
        await Expect(page.Locator("article.wiki-page h1")).ToHaveTextAsync("Probenplan Herbst");

        // Linked from a post; the page lists the post among what links here.
        await page.GotoAsync("/spaces/technik");
        await page.FillAsync("textarea#Markdown", "Notes are in [[Probenplan Herbst]], please read before Monday.");
        await page.ClickAsync(".composer button[value=publish]");
        await page.WaitForURLAsync(new Regex("/posts/\\d+$"));
        await page.ClickAsync(".post a.wiki-link");
        await page.WaitForURLAsync(app.BaseUrl + "/spaces/technik/wiki/probenplan-herbst");
        await Expect(page.Locator(".backlinks")).ToContainTextAsync("please read before Monday");

        // Two windows edit at once.
        var (second, secondProblems) = await app.NewPersonAsync("en-GB");
        await second.GotoAsync("/login");
        await second.FillAsync("#Email", "klaus@museum.example");
        await second.FillAsync("#Password", Password);
        await second.ClickAsync("main button[type=submit]");
        await page.GotoAsync("/spaces/technik/wiki/probenplan-herbst/edit");
        await second.GotoAsync("/spaces/technik/wiki/probenplan-herbst/edit");
        await page.FillAsync("#Markdown", notes.Replace("Klaus, Anna", "Klaus, Anna, Mia", StringComparison.Ordinal));
        await page.ClickAsync("main form button.primary");
        await page.WaitForURLAsync(app.BaseUrl + "/spaces/technik/wiki/probenplan-herbst");

        await second.FillAsync("#Markdown", notes.Replace("Klaus, Anna", "Klaus, Anna, Jörg", StringComparison.Ordinal));
        await second.ClickAsync("main form button.primary");
        await Expect(second.Locator(".conflict")).ToBeVisibleAsync();
        await Expect(second.Locator(".conflict")).ToContainTextAsync("Klaus, Anna, Mia");
        Assert.Contains("Klaus, Anna, Jörg", await second.InputValueAsync("#Markdown"), StringComparison.Ordinal);
        await second.FillAsync("#Markdown", notes.Replace("Klaus, Anna", "Klaus, Anna, Mia, Jörg", StringComparison.Ordinal));
        await second.ClickAsync("main form[method=post] button.primary");
        await second.WaitForURLAsync(app.BaseUrl + "/spaces/technik/wiki/probenplan-herbst");
        await Expect(second.Locator("article.wiki-page")).ToContainTextAsync("Klaus, Anna, Mia, Jörg");

        // Compare the first and the last version.
        await second.GotoAsync("/spaces/technik/wiki/probenplan-herbst/history");
        await second.CheckAsync("input[name=from][value='1']");
        await second.CheckAsync("input[name=to][value='3']");
        await second.ClickAsync("main form button[type=submit]");
        await Expect(second.Locator(".diff ins").First).ToContainTextAsync("Mia");
        await second.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "foyer-wiki-diff.png"), FullPage = true });

        Assert.Empty(problems.Concat(secondProblems));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
