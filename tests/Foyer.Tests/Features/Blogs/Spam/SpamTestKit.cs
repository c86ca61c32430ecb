using System.Net;
using Foyer.Web.Features.Blogs.Spam;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Foyer.Tests.Features.Blogs.Spam;

/// <summary>A spam filter on a fake clock and an in-memory model; without the starter model unless asked.</summary>
public sealed class SpamTestKit : IDisposable
{
    private readonly SpamModelSeeder _seeder;

    public SpamTestKit(Action<SpamOptions>? configure = null, bool seed = false, ISpamModelStore? store = null)
    {
        Options = new SpamOptions { SeedStarterModel = seed };
        configure?.Invoke(Options);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Store = store ?? new InMemorySpamModelStore();
        _seeder = new SpamModelSeeder(options);
        Filter = new SpamFilter(Clock, options, Store, new SpamActivityTracker(options), _seeder, NullLogger<SpamFilter>.Instance);
    }

    public SpamOptions Options { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero));
    public ISpamModelStore Store { get; }
    public SpamFilter Filter { get; }

    /// <summary>A guest's comment, sent <paramref name="seconds"/> after the form was rendered, now.</summary>
    public SpamCheckInput Input(string text, string email = "ada@example.org", string ip = "203.0.113.7", double seconds = 45,
        string? honeypot = null, string name = "Ada", string? website = null, bool isGuest = true, int? accountAgeDays = null)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        return new SpamCheckInput(name, email, website, text, IPAddress.Parse(ip), now.AddSeconds(-seconds), now, honeypot, isGuest, accountAgeDays);
    }

    public Task<SpamResult> CheckAsync(string text, string email = "ada@example.org", string ip = "203.0.113.7", double seconds = 45,
        string? honeypot = null, string name = "Ada", string? website = null) =>
        Filter.CheckAsync(Input(text, email, ip, seconds, honeypot, name, website));

    public void Dispose() => _seeder.Dispose();
}
