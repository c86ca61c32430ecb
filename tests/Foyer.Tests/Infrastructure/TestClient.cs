using System.Net;
using System.Text.RegularExpressions;

namespace Foyer.Tests.Infrastructure;

/// <summary>A form on a page as a browser sees it: where it posts to, and the antiforgery token it carries (if any).</summary>
public sealed record PageForm(string Method, string Action, string? Token, string Html);

/// <summary>A person with a browser-like session: cookies, and forms posted with the antiforgery token of the page they came from.</summary>
public sealed partial class TestClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public Task<HttpResponseMessage> GetAsync(string url) => Http.GetAsync(url);

    public async Task<string> GetPageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
        return body;
    }

    /// <summary>Opens <paramref name="formPage"/>, takes its antiforgery token and posts the fields to <paramref name="action"/>.</summary>
    /// <remarks>Any token of the page will do, so this also sends requests no form on the page offers (crafted requests).</remarks>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await Http.GetStringAsync(formPage);
        var token = Token().Match(page);
        if (!token.Success) throw new InvalidOperationException($"{formPage} has no antiforgery token");
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        return await Http.PostAsync(action, new FormUrlEncodedContent(all));
    }

    /// <summary>
    /// What a browser does: opens <paramref name="formPage"/>, finds the form that posts to <paramref name="action"/> and
    /// submits the fields with that form's own antiforgery token. Fails when the page has no such form, or when the form
    /// carries no token (a browser's submission would then be refused).
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string formPage, string action, Dictionary<string, string> fields) =>
        await SubmitAsync(await GetPageAsync(formPage), formPage, action, fields);

    /// <summary>Submits a form of a page that was already loaded (<paramref name="page"/> is its HTML), like a browser tab left open.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, string formPage, string action, Dictionary<string, string> fields)
    {
        var forms = PostForms(page, formPage).Where(f => f.Action == action).ToList();
        if (forms.Count == 0) throw new InvalidOperationException($"{formPage} has no form that posts to {action}");
        var tokenless = forms.FirstOrDefault(f => f.Token is null);
        if (tokenless is not null)
        {
            throw new InvalidOperationException($"The form on {formPage} that posts to {action} has no antiforgery token:{Environment.NewLine}{tokenless.Html}");
        }
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = forms[0].Token! };
        return await Http.PostAsync(action, new FormUrlEncodedContent(all));
    }

    /// <summary>
    /// Submits a form with files, as a browser does: the form must post to <paramref name="action"/>, carry a token and
    /// declare multipart/form-data (a browser sends no file otherwise). Fields may repeat (KeepFiles).
    /// </summary>
    public async Task<HttpResponseMessage> SubmitWithFilesAsync(string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields,
        params (string Field, string FileName, byte[] Bytes, string ContentType)[] files)
    {
        var page = await GetPageAsync(formPage);
        var form = PostForms(page, formPage).FirstOrDefault(f => f.Action == action)
            ?? throw new InvalidOperationException($"{formPage} has no form that posts to {action}");
        if (form.Token is null) throw new InvalidOperationException($"The form on {formPage} that posts to {action} has no antiforgery token");
        if (!form.Html.Contains("enctype=\"multipart/form-data\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The form on {formPage} that posts to {action} cannot carry files (no multipart enctype)");
        }
        var content = new MultipartFormDataContent { { new StringContent(form.Token), "__RequestVerificationToken" } };
        foreach (var (k, v) in fields) content.Add(new StringContent(v), k);
        foreach (var (field, name, bytes, type) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
            content.Add(part, field, name);
        }
        return await Http.PostAsync(action, content);
    }

    /// <summary>The forms of a page that post; a form without an action posts to the page itself.</summary>
    public static IReadOnlyList<PageForm> PostForms(string html, string pageUrl)
    {
        var forms = new List<PageForm>();
        foreach (Match form in Form().Matches(html))
        {
            var attributes = Attributes(form.Groups[1].Value);
            var method = attributes.GetValueOrDefault("method", "get");
            if (!method.Equals("post", StringComparison.OrdinalIgnoreCase)) continue;
            var action = attributes.TryGetValue("action", out var a) && a.Length > 0 ? a : pageUrl;
            var token = Token().Match(form.Groups[2].Value);
            forms.Add(new PageForm(method, action, token.Success ? WebUtility.HtmlDecode(token.Groups[1].Value) : null, form.Value));
        }
        return forms;
    }

    /// <summary>Posts form content that repeats keys (checkbox lists) with the token of the form that posts to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormWithContentAsync(string formPage, string action, FormUrlEncodedContent content)
    {
        var page = await GetPageAsync(formPage);
        var form = PostForms(page, formPage).FirstOrDefault(f => f.Action == action)
            ?? throw new InvalidOperationException($"{formPage} has no form that posts to {action}");
        var fields = (await content.ReadAsStringAsync()).Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(WebUtility.UrlDecode(p[0]), WebUtility.UrlDecode(p[1])))
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", form.Token ?? throw new InvalidOperationException("The form has no antiforgery token")));
        return await Http.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public async Task<HttpResponseMessage> LoginAsync(string email, string password)
    {
        var response = await PostFormAsync("/login", "/login", new() { ["Email"] = email, ["Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login of {email} failed with {(int)response.StatusCode}");
        }
        return response;
    }

    public static long IdFromLocation(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.ToString() ?? throw new InvalidOperationException($"No redirect, status {(int)response.StatusCode}");
        return long.Parse(IdInPath().Match(location).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string> Attributes(string tag) =>
        Attribute().Matches(tag).GroupBy(m => m.Groups[1].Value.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[2].Value));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex(@"/posts/(\d+)")]
    private static partial Regex IdInPath();

    [GeneratedRegex(@"<form\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Form();

    [GeneratedRegex(@"([\w:-]+)\s*=\s*""([^""]*)""")]
    private static partial Regex Attribute();
}
