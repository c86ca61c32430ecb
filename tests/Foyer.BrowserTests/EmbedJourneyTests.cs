using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Foyer.BrowserTests;

/// <summary>A pasted video link: the page asks nothing of any other host until the reader clicks to load the player.</summary>
public sealed class EmbedJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_youtube_link_loads_nothing_from_youtube_until_clicked()
    {
        var (page, problems) = await app.NewPersonAsync("en-GB");
        await app.SetUpOrganisationAsync(page, "Philharmonie", "en", "Mia Lorenz", "mia@phil.example", "Generalprobe-am-Freitag");
        await app.CreateSpaceAsync(page, "Konzerte", "konzerte");

        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        await page.FillAsync("textarea#Markdown", "Der Mitschnitt vom Sonntag:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1m5s");
        await page.ClickAsync(".composer button[value=publish]");
        await page.WaitForURLAsync(new Regex("/posts/\\d+$"));
        await page.ReloadAsync();
        await Expect(page.Locator("figure.embed")).ToContainTextAsync("Load video from YouTube");
        var foreign = requested.Where(u => !u.StartsWith(app.BaseUrl, StringComparison.Ordinal)).ToList();
        Assert.True(foreign.Count == 0, "Requests to other hosts before consent: " + string.Join(", ", foreign));

        await page.ClickAsync("figure.embed a.embed-load");
        var frame = page.Locator("figure.embed iframe.embed-player");
        await Expect(frame).ToHaveAttributeAsync("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=65");
        Assert.DoesNotContain(problems, p => !p.Contains("youtube-nocookie", StringComparison.Ordinal));

        // "Always load YouTube": from then on the player is there without the click.
        var post = page.Url;
        await page.GotoAsync("/me");
        await page.CheckAsync("input[name=providers][value=YouTube]");
        await page.ClickAsync("form[action*=Embeds] button[type=submit]");
        await page.WaitForURLAsync(app.BaseUrl + "/me");
        await page.GotoAsync(post);
        await Expect(page.Locator("figure.embed iframe.embed-player")).ToHaveAttributeAsync("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=65");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
