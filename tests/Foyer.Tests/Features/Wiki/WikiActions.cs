using Foyer.Data.Spaces;
using Foyer.Tests.Infrastructure;

namespace Foyer.Tests.Features.Wiki;

public static class WikiActions
{
    public static Task<HttpResponseMessage> CreatePageAsync(this TestClient client, Space space, string title, string markdown,
        long? parentId = null, string summary = "", long? sourcePostId = null)
    {
        var fields = new Dictionary<string, string> { ["title"] = title, ["markdown"] = markdown, ["summary"] = summary };
        if (parentId is long p) fields["parentId"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (sourcePostId is long s) fields["sourcePostId"] = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return client.SubmitAsync($"/spaces/{space.Slug}/wiki/new", $"/spaces/{space.Slug}/wiki/new", fields);
    }

    public static async Task<HttpResponseMessage> EditPageAsync(this TestClient client, Space space, string slug, string title, string markdown,
        int baseVersion, string summary = "", bool minor = false)
    {
        var fields = new Dictionary<string, string>
        {
            ["title"] = title, ["markdown"] = markdown, ["summary"] = summary,
            ["baseVersion"] = baseVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (minor) fields["minor"] = "true";
        return await client.SubmitAsync($"/spaces/{space.Slug}/wiki/{slug}/edit", $"/spaces/{space.Slug}/wiki/{slug}/edit", fields);
    }
}
