using System.Net;
using System.Text.RegularExpressions;

namespace Foyer.Tests.Infrastructure;

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
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await Http.GetStringAsync(formPage);
        var all = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = TokenFor(page, formPage, action) };
        return await Http.PostAsync(action, new FormUrlEncodedContent(all));
    }

    /// <summary>
    /// The token of the form that posts to <paramref name="action"/>, as a browser would send it; a form on the page
    /// with that action but without a token is a bug. Only when the page has no such form (a request the page does not
    /// offer, as an attacker would send it) is any token of the page used.
    /// </summary>
    private static string TokenFor(string page, string formPage, string action)
    {
        foreach (Match form in FormElement().Matches(page))
        {
            var target = WebUtility.HtmlDecode(form.Groups["action"].Success ? form.Groups["action"].Value : formPage);
            if (!string.Equals(target, action, StringComparison.OrdinalIgnoreCase)) continue;
            var own = Token().Match(form.Value);
            if (!own.Success) throw new InvalidOperationException($"The form on {formPage} posting to {action} has no antiforgery token");
            return WebUtility.HtmlDecode(own.Groups[1].Value);
        }
        var any = Token().Match(page);
        if (!any.Success) throw new InvalidOperationException($"{formPage} has no antiforgery token");
        return WebUtility.HtmlDecode(any.Groups[1].Value);
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

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<form[^>]*?method=\"post\"(?:[^>]*?action=\"(?<action>[^\"]*)\")?[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormElement();

    [GeneratedRegex(@"/posts/(\d+)")]
    private static partial Regex IdInPath();
}
