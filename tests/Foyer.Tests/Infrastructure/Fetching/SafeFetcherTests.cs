using System.Net;
using Foyer.Web.Infrastructure.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

using Foyer.Tests.Infrastructure;

namespace Foyer.Tests.Infrastructure.Fetching;

/// <summary>A hostile and a friendly provider on loopback, the only host the fetcher is allowed to reach.</summary>
public sealed class FakeProviderServer : IAsyncLifetime
{
    private WebApplication? _app;
    public int Port { get; private set; }
    public string Base => $"http://127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapGet("/page", () => Results.Content("<html><head><title>Probenplan</title></head><body>ok</body></html>", "text/html"));
        _app.MapGet("/hop/{n:int}", (int n) => Results.Redirect(n <= 0 ? "/page" : $"/hop/{n - 1}"));
        _app.MapGet("/to-metadata", () => Results.Redirect("http://169.254.169.254/latest/meta-data/"));
        _app.MapGet("/to-other-port", () => Results.Redirect("http://127.0.0.1:1/"));
        _app.MapGet("/huge", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/html";
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 200 && !c.RequestAborted.IsCancellationRequested; i++) await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
        });
        _app.MapGet("/drip", async (HttpContext c) =>
        {
            c.Response.ContentType = "text/html";
            for (var i = 0; i < 100 && !c.RequestAborted.IsCancellationRequested; i++)
            {
                await c.Response.Body.WriteAsync("x"u8.ToArray(), c.RequestAborted);
                await c.Response.Body.FlushAsync(c.RequestAborted);
                await Task.Delay(200, c.RequestAborted);
            }
        });
        // A PeerTube-like video page on an unknown path: only its oEmbed discovery link tells what it is.
        _app.MapGet("/festival", (HttpContext c) => Results.Content($"""
            <html><head><title>Festivalfilm</title>
            <link rel="alternate" type="application/json+oembed" href="/services/oembed?url=http%3A%2F%2F127.0.0.1%3A{Port}%2Ffestival">
            <script>document.title = 'ran';</script></head><body>Video</body></html>
            """, "text/html"));
        _app.MapGet("/services/oembed", () => Results.Json(new
        {
            type = "video", version = "1.0", title = "Festivalfilm 2026", author_name = "Kulturkanal", provider_name = "PeerTube Kultur",
            duration = 754, thumbnail_url = "/thumb.jpg",
            html = $"<iframe src=\"https://127.0.0.1:{Port}/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d\" allowfullscreen></iframe>",
        }));
        _app.MapGet("/thumb.jpg", () => Results.Bytes(TestImages.JpegWithGps(640, 360), "image/jpeg"));
        // An ordinary page with Open Graph tags.
        _app.MapGet("/article", () => Results.Content("""
            <html><head><title>Fallback</title>
            <meta property="og:title" content="Spielzeit 2027: das Programm">
            <meta property="og:description" content="Zwölf Premieren, drei Uraufführungen.">
            <meta property="og:site_name" content="Stadttheater">
            <meta property="og:image" content="/thumb.jpg"></head><body></body></html>
            """, "text/html"));
        // A hostile page: markup in the title, a thumbnail on the cloud metadata address, a player on another host.
        _app.MapGet("/hostile", () => Results.Content($"""
            <html><head><title>&lt;script&gt;alert(1)&lt;/script&gt; {new string('A', 5000)}</title>
            <meta property="og:image" content="http://169.254.169.254/latest/meta-data/iam">
            <link rel="alternate" type="application/json+oembed" href="/hostile-oembed"></head></html>
            """, "text/html"));
        _app.MapGet("/hostile-oembed", () => Results.Json(new
        {
            type = "video", title = "<img src=x onerror=alert(1)>", html = "<iframe src=\"https://evil.example/videos/embed/abc12345\"></iframe>",
        }));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

public sealed class SafeFetcherTests(FakeProviderServer server) : IClassFixture<FakeProviderServer>
{
    private SafeFetcher Fetcher(bool allowServer = true, int timeoutSeconds = 2) => new(Options.Create(new SafeFetchOptions
    {
        AllowedHosts = allowServer ? [$"127.0.0.1:{server.Port}"] : [], TimeoutSeconds = timeoutSeconds, MaxBytes = 1024 * 1024,
    }));

    [Fact]
    public async Task An_allowed_provider_is_fetched_through_a_few_redirects()
    {
        using var fetcher = Fetcher();
        var result = await fetcher.GetAsync($"{server.Base}/hop/2");
        Assert.Equal(HttpStatusCode.OK, result.Status);
        Assert.Contains("Probenplan", System.Text.Encoding.UTF8.GetString(result.Body), StringComparison.Ordinal);
        Assert.EndsWith("/page", result.FinalUrl.AbsolutePath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/hop/5", "too many redirects")]
    [InlineData("/to-metadata", "address not allowed")]
    [InlineData("/to-other-port", "port not allowed")]
    [InlineData("/huge", "too large")]
    [InlineData("/drip", "timeout")]
    public async Task Hostile_answers_are_refused(string path, string reason)
    {
        using var fetcher = Fetcher();
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(server.Base + path));
        Assert.Equal(reason, refused.Message);
    }

    [Theory]
    [InlineData("javascript:alert(1)", "scheme not allowed")]
    [InlineData("data:text/html,<script>alert(1)</script>", "scheme not allowed")]
    [InlineData("file:///etc/passwd", "scheme not allowed")]
    [InlineData("https://user:secret@example.org/", "credentials in URL")]
    [InlineData("http://example.org:6379/", "port not allowed")]
    [InlineData("not a url", "not an absolute URL")]
    public async Task Bad_urls_are_refused_before_any_connection(string url, string reason)
    {
        using var fetcher = Fetcher();
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync(url));
        Assert.Equal(reason, refused.Message);
    }

    [Fact]
    public async Task Loopback_is_refused_unless_allow_listed()
    {
        using var fetcher = Fetcher(allowServer: false);
        // Same host, same port, but on the allowed port list it would still be loopback: refused at connect.
        var refused = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync("http://localhost/"));
        Assert.Equal("address not allowed", refused.Message);
        var byNumber = await Assert.ThrowsAsync<FetchRefusedException>(() => fetcher.GetAsync("http://[::ffff:127.0.0.1]/"));
        Assert.Equal("address not allowed", byNumber.Message);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("ff02::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::ffff:93.184.216.34", false)]
    [InlineData("64:ff9b::a00:1", true)]
    [InlineData("2002:a00:1::", true)]
    [InlineData("2606:4700::1111", false)]
    public void Address_classes_are_judged(string address, bool forbidden) =>
        Assert.Equal(forbidden, AddressGuard.IsForbidden(IPAddress.Parse(address)));
}
