using System.Net;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Accounts;

/// <summary>"Always load &lt;provider&gt;": a person's own choice, handed to every page they open; nobody else's.</summary>
public abstract class EmbedSettingsTests(FoyerApp app)
{
    [Fact]
    public async Task Choosing_always_load_youtube_reaches_every_page_of_that_person_only()
    {
        var person = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var client = await app.LoginAsync(person);
        var me = await client.GetPageAsync("/me");
        Assert.Contains("value=\"YouTube\"", me, StringComparison.Ordinal);

        var response = await client.PostFormWithContentAsync("/me", "/me?handler=Embeds", new FormUrlEncodedContent(
        [
            new("providers", "YouTube"), new("providers", "Vimeo"), new("providers", "javascript:alert(1)"), new("providers", "Evil Tube"),
        ]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("Vimeo YouTube", await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.AutoLoadEmbeds).SingleAsync()));
        Assert.Contains("<body data-autoload=\"Vimeo YouTube\" ", await client.GetPageAsync("/me"), StringComparison.Ordinal);
        Assert.Contains("<body data-autoload=\"\" ", await (await app.LoginAsync(other)).GetPageAsync("/me"), StringComparison.Ordinal);

        await client.PostFormWithContentAsync("/me", "/me?handler=Embeds", new FormUrlEncodedContent([]));
        Assert.Equal("", await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.AutoLoadEmbeds).SingleAsync()));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteEmbedSettingsTests(SqliteApp app) : EmbedSettingsTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresEmbedSettingsTests(PostgresApp app) : EmbedSettingsTests(app);
