using System.Net;
using System.Text.RegularExpressions;
using Foyer.Data.Spaces;
using Foyer.Data.Stream;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Stream;

/// <summary>
/// In a list of posts the like buttons share one form (form= and formaction=), as a browser submits them: the button's
/// formaction with the shared form's token.
/// </summary>
public abstract partial class SharedLikeFormTests(FoyerApp app)
{
    [GeneratedRegex("<form id=\"like-form\" method=\"post\"[^>]*>\\s*<input name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex SharedForm();

    [Fact]
    public async Task A_like_button_in_a_list_likes_its_post_and_returns_to_it()
    {
        var author = await app.CreateUserAsync();
        var reader = await app.CreateUserAsync();
        var space = await app.CreateSpaceAsync(SpaceVisibility.Open, author, reader);
        var authorClient = await app.LoginAsync(author);
        var first = await authorClient.PublishAsync(space, "Erster Beitrag");
        var second = await authorClient.PublishAsync(space, "Zweiter Beitrag");
        var client = await app.LoginAsync(reader);
        var page = await client.GetPageAsync($"/spaces/{space.Slug}");

        var token = WebUtility.HtmlDecode(SharedForm().Match(page).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(token));
        var button = Regex.Match(page, $"<button type=\"submit\" form=\"like-form\" formaction=\"(/posts/{first}\\?handler=Like[^\"]*)\"");
        Assert.True(button.Success, "the first post's like button names the shared form");
        Assert.DoesNotContain($"action=\"/posts/{first}?handler=Like\"", page, StringComparison.Ordinal);

        var response = await client.Http.PostAsync(WebUtility.HtmlDecode(button.Groups[1].Value),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/spaces/{space.Slug}#post-{first}", response.Headers.Location?.ToString());
        Assert.True(await app.WithDbAsync(db => db.Reactions.AnyAsync(r => r.TargetType == ReactionTarget.Post && r.TargetId == first && r.UserId == reader.Id)));
        Assert.False(await app.WithDbAsync(db => db.Reactions.AnyAsync(r => r.TargetType == ReactionTarget.Post && r.TargetId == second && r.UserId == reader.Id)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqliteSharedLikeFormTests(SqliteApp app) : SharedLikeFormTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSharedLikeFormTests(PostgresApp app) : SharedLikeFormTests(app);
