using System.Globalization;
using Foyer.Tests.Infrastructure;

namespace Foyer.Tests.Features.Blogs;

public static class BlogActions
{
    public static Task<HttpResponseMessage> WriteArticleAsync(this TestClient client, string blogPath, string title, string markdown,
        string status = "Published", string audience = "Space", DateTime? publishAt = null, string tags = "", long[]? categories = null,
        bool confirmPublic = false, long? id = null, int version = 0)
    {
        var fields = new Dictionary<string, string>
        {
            ["Title"] = title, ["Markdown"] = markdown, ["Excerpt"] = "", ["Tags"] = tags, ["Status"] = status, ["Audience"] = audience,
            ["CommentsOpen"] = "true", ["Version"] = version.ToString(CultureInfo.InvariantCulture),
        };
        if (publishAt is { } at) fields["PublishAt"] = at.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        if (confirmPublic) fields["ConfirmPublic"] = "true";
        var path = id is long i ? $"{blogPath}/write/{i}" : $"{blogPath}/write";
        var form = new FormUrlEncodedContent(fields.Concat((categories ?? []).Select(c => new KeyValuePair<string, string>("CategoryIds", c.ToString(CultureInfo.InvariantCulture)))));
        return client.PostFormWithContentAsync(path, path, form);
    }
}
