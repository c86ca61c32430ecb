using System.Text.RegularExpressions;
using Foyer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Foyer.BrowserTests;

/// <summary>A phone photo with its GPS position goes into a post; what the colleagues can download has no position left.</summary>
public sealed class FileJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_photo_uploaded_with_the_composer_is_served_without_its_gps_position()
    {
        var (page, problems) = await app.NewPersonAsync("de-DE");
        await app.SetUpOrganisationAsync(page, "Museum am Fluss", "de", "Jonas Weber", "jonas@museum.example", "Ausstellung-im-Fruehjahr");
        await app.CreateSpaceAsync(page, "Ausstellung", "ausstellung");

        var photo = TestImages.JpegWithGps(640, 480);
        Assert.True(TestImages.HasMetadata(photo));
        await page.FillAsync("textarea#Markdown", "Aufbau im Saal 3");
        await page.SetInputFilesAsync(".composer input[type=file]", new FilePayload { Name = "IMG_2024.jpg", MimeType = "image/jpeg", Buffer = photo });
        await page.ClickAsync(".composer button[value=publish]");
        await page.WaitForURLAsync(new Regex("/posts/\\d+$"));

        var thumbnail = page.Locator(".attachments img");
        await Assertions.Expect(thumbnail).ToBeVisibleAsync();
        // The thumbnail really loaded (an image that failed has no natural width).
        Assert.True(await thumbnail.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 0);
        var href = await page.Locator(".attachments a").First.GetAttributeAsync("href");
        Assert.NotNull(href);
        var served = await page.APIRequest.GetAsync(app.BaseUrl + href);
        Assert.Equal(200, served.Status);
        var bytes = await served.BodyAsync();
        Assert.True(bytes.Length > 1000);
        Assert.False(TestImages.HasMetadata(bytes), "the served photo still carries EXIF or the camera serial");
        Assert.Empty(problems);
    }
}
