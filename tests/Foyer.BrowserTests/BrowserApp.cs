using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Foyer.BrowserTests;

/// <summary>Foyer on a real loopback port with a fresh SQLite database (not set up), and a headless Chromium.</summary>
public sealed class BrowserApp : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _factory;
    private IPlaywright? _playwright;

    public BrowserApp()
    {
        var db = Path.Combine(Path.GetTempPath(), "foyer-browser-" + Guid.NewGuid().ToString("N") + ".db");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:Provider", "Sqlite");
            b.UseSetting("Database:ConnectionString", $"Data Source={db}");
            b.UseSetting("Files:Path", db + "-files");
            b.UseSetting("LinkPreviews:Fetch", "false");
            b.UseSetting("Login:PerNetworkAttemptsPerWindow", "10000");
        });
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _factory.StartServer();
        var server = _factory.Services.GetRequiredService<IServer>();
        BaseUrl = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("FOYER_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                "--disable-extensions", "--no-default-browser-check",
            ],
        });
    }

    /// <summary>A new person at a new browser: own cookies, and a log of every script error and CSP violation.</summary>
    /// <summary>The first visitor's setup page, filled in and sent; ends on the organisation's stream.</summary>
    public async Task SetUpOrganisationAsync(IPage page, string organisation, string language, string name, string email, string password)
    {
        await page.GotoAsync("/");
        await page.FillAsync("#OrganisationName", organisation);
        await page.SelectOptionAsync("#Language", language);
        await page.FillAsync("#DisplayName", name);
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(BaseUrl + "/");
    }

    /// <summary>A new space made with the form; ends on the space's page.</summary>
    public async Task CreateSpaceAsync(IPage page, string name, string slug)
    {
        await page.GotoAsync("/spaces/new");
        await page.FillAsync("#Name", name);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync(BaseUrl + "/spaces/" + slug);
    }

    public async Task<(IPage Page, List<string> Problems)> NewPersonAsync(string locale = "de-DE")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = locale });
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
              console.error('CSP-VIOLATION ' + e.violatedDirective + ' ' + e.blockedURI));
            """);
        // Generous for a cold start on a busy 2-core CI machine; a journey that really hangs still fails.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add("JavaScript error: " + error);
        page.Console += (_, message) =>
        {
            // Expected 404 pages make Chromium log "Failed to load resource"; everything else is a problem.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                problems.Add("Console error: " + message.Text);
            }
        };
        return (page, problems);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }
}
