using System.Net;
using System.Text.RegularExpressions;
using Foyer.Data;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Foyer.Tests.Features.Search;

public static partial class SearchTestSupport
{
    /// <summary>Runs the outbox until no search work is waiting (the background dispatcher may take some of it meanwhile).</summary>
    public static async Task IndexedAsync(this FoyerApp app)
    {
        var dispatcher = app.Services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
        for (var i = 0; i < 200; i++)
        {
            await dispatcher.RunOnceAsync(CancellationToken.None);
            var waiting = await app.WithDbAsync(db => db.Outbox.AnyAsync(m => m.ProcessedAt == null && m.Topic.StartsWith("search")));
            if (!waiting) return;
            await Task.Delay(25);
        }
        var stuck = await app.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.ProcessedAt == null && m.Topic.StartsWith("search"))
            .Select(m => m.Topic + " " + m.Payload + " due " + m.AvailableAt + " attempts " + m.Attempts + ": " + m.LastError).Take(5).ToListAsync());
        throw new TimeoutException($"the search index did not catch up (clock {app.Clock.GetUtcNow():O}): " + string.Join(" | ", stuck));
    }

    /// <summary>The paths of the hits on a search page, in order.</summary>
    public static List<string> HitPaths(string page) =>
        Hit().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    public static async Task<List<string>> SearchAsync(this TestClient client, string query, string extra = "")
    {
        var page = await client.GetPageAsync("/search?q=" + Uri.EscapeDataString(query) + extra);
        return HitPaths(page);
    }

    [GeneratedRegex("<li class=\"search-hit card\"[^>]*>.*?<h2><a href=\"([^\"]+)\"", RegexOptions.Singleline)]
    private static partial Regex Hit();
}
