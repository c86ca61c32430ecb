using Foyer.Data.Spaces;

namespace Foyer.Tests.Infrastructure;

public static class StreamActions
{
    /// <summary>Writes a post with the composer on the space's page, as a browser would submit it.</summary>
    public static async Task<HttpResponseMessage> WritePostAsync(this TestClient client, Space space, string markdown) =>
        await client.SubmitAsync($"/spaces/{space.Slug}", "/posts/new", new()
        {
            ["SpaceId"] = space.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Markdown"] = markdown,
        });

    public static async Task<long> PublishAsync(this TestClient client, Space space, string markdown)
    {
        var response = await client.WritePostAsync(space, markdown);
        return TestClient.IdFromLocation(response);
    }

    /// <summary>Comments on a post (or replies to one of its comments) with the forms of the post's page.</summary>
    public static async Task<HttpResponseMessage> CommentAsync(this TestClient client, long postId, string markdown, long? parentId = null)
    {
        var fields = new Dictionary<string, string> { ["markdown"] = markdown };
        if (parentId is long p) fields["parentId"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await client.SubmitAsync($"/posts/{postId}", $"/posts/{postId}?handler=Comment", fields);
    }
}
