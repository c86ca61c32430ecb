using System.Net;
using Foyer.Data.Accounts;
using Foyer.Tests.Infrastructure;

namespace Foyer.Tests.Infrastructure.Security;

/// <summary>The browser-side second wall: every response carries the security headers, and session cookies stay out of scripts' reach.</summary>
public abstract class SecurityHeadersTests(FoyerApp app)
{
    private static readonly string[] StrictReferrerPolicies = ["same-origin", "no-referrer", "strict-origin-when-cross-origin", "strict-origin"];

    private static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff), $"{what}: no X-Content-Type-Options");
        Assert.Equal("nosniff", Assert.Single(nosniff));
        Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer), $"{what}: no Referrer-Policy");
        Assert.Contains(Assert.Single(referrer), StrictReferrerPolicies);
    }

    [Fact]
    public async Task Pages_error_pages_and_static_files_all_carry_the_security_headers()
    {
        var anonymous = app.NewClient();
        var member = await app.LoginAsync(await app.CreateUserAsync(OrgRole.Member));
        var checks = new (string What, TestClient Client, string Url, HttpStatusCode Status)[]
        {
            ("login page", anonymous, "/login", HttpStatusCode.OK),
            ("stream", member, "/", HttpStatusCode.OK),
            ("404 page", member, "/no-such-page", HttpStatusCode.NotFound),
            ("404 for a missing post", member, "/posts/999999999", HttpStatusCode.NotFound),
            ("403 page", member, "/admin/invitations", HttpStatusCode.Forbidden),
            ("410 page", anonymous, "/invite/" + new string('A', 43), HttpStatusCode.Gone),
            ("redirect to login", anonymous, "/me", HttpStatusCode.Redirect),
            ("stylesheet", anonymous, "/css/site.css", HttpStatusCode.OK),
            ("script", anonymous, "/js/site.js", HttpStatusCode.OK),
        };
        foreach (var (what, client, url, status) in checks)
        {
            var response = await client.GetAsync(url);
            Assert.True(status == response.StatusCode, $"{what}: expected {(int)status}, got {(int)response.StatusCode}");
            AssertSecurityHeaders(response, what);
        }
    }

    [Fact]
    public async Task A_rejected_post_carries_the_security_headers()
    {
        var member = await app.LoginAsync(await app.CreateUserAsync(OrgRole.Member));
        var response = await member.Http.PostAsync("/posts/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["Markdown"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertSecurityHeaders(response, "antiforgery failure");
    }

    [Fact]
    public async Task Session_and_antiforgery_cookies_are_HttpOnly_and_SameSite()
    {
        var user = await app.CreateUserAsync();
        var client = app.NewClient();
        var loginPage = await client.GetAsync("/login");
        var login = await client.LoginAsync(user.Email!, FoyerApp.Password);

        var cookies = loginPage.Headers.GetValues("Set-Cookie").Concat(login.Headers.GetValues("Set-Cookie")).ToList();
        var auth = Assert.Single(cookies, c => c.StartsWith("foyer.auth=", StringComparison.Ordinal));
        var antiforgery = Assert.Single(cookies, c => c.StartsWith("foyer.af=", StringComparison.Ordinal));
        foreach (var cookie in new[] { auth, antiforgery })
        {
            var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.Contains("httponly", attributes);
            Assert.Contains(attributes, a => a is "samesite=lax" or "samesite=strict");
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SecurityHeadersSqliteTests(SqliteApp app) : SecurityHeadersTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SecurityHeadersPostgresTests(PostgresApp app) : SecurityHeadersTests(app);
