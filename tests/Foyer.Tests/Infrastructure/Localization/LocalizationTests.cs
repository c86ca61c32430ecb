using System.Net;
using Foyer.Tests.Infrastructure;

namespace Foyer.Tests.Infrastructure.Localization;

/// <summary>German or English: the person's own setting first, then the browser's language, then the organisation's.</summary>
public abstract class LocalizationTests(FoyerApp app)
{
    private static async Task<string> GetAsync(TestClient client, string url, string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptLanguage is not null) request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_login_page_speaks_the_browsers_language()
    {
        var client = app.NewClient();

        var german = await GetAsync(client, "/login", "de-DE,de;q=0.9,en;q=0.5");
        var english = await GetAsync(client, "/login", "en");

        Assert.Contains("<html lang=\"de\">", german, StringComparison.Ordinal);
        Assert.Contains(">Anmelden</button>", german, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains(">Log in</button>", english, StringComparison.Ordinal);
        Assert.DoesNotContain("Anmelden", english, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "de", "My profile", "Mein Profil")]
    [InlineData("de", "en", "Mein Profil", "My profile")]
    public async Task A_persons_own_language_setting_wins_over_the_browser(string setting, string browser, string expected, string notExpected)
    {
        var user = await app.CreateUserAsync();
        var client = await app.LoginAsync(user);
        Assert.Contains(notExpected, await GetAsync(client, "/me", browser), StringComparison.Ordinal);

        var saved = await client.SubmitAsync("/me", "/me?handler=Profile", new()
        {
            ["Profile.DisplayName"] = user.DisplayName, ["Profile.Bio"] = "", ["Profile.Language"] = setting,
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await GetAsync(client, "/me", browser);
        Assert.Contains($"<h1>{expected}</h1>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(notExpected, page, StringComparison.Ordinal);
        // Also after logging in again, on another device.
        var again = await app.LoginAsync(user);
        Assert.Contains($"<h1>{expected}</h1>", await GetAsync(again, "/me", browser), StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LocalizationSqliteTests(SqliteApp app) : LocalizationTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LocalizationPostgresTests(PostgresApp app) : LocalizationTests(app);
