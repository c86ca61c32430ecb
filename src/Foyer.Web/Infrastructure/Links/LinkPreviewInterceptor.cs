using System.Text.RegularExpressions;
using Foyer.Data;
using Foyer.Web.Infrastructure.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Foyer.Web.Infrastructure.Links;

/// <summary>
/// When content with links is saved, the fetch of their snapshots goes into the outbox in the same transaction, so a
/// link gets its snapshot when it is posted (and the post never waits for the provider). Only outbox rows are added
/// here: nothing that could collide with another save and make the post fail.
/// </summary>
public sealed partial class LinkPreviewInterceptor(LinkPreviewTokens tokens, TimeProvider time, OutboxSignal signal) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Enqueue(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Enqueue(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        signal.Notify();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return ValueTask.FromResult(result);
    }

    private void Enqueue(DbContext? context)
    {
        if (context is not FoyerDbContext db) return;
        var urls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in db.ChangeTracker.Entries<IRenderedText>())
        {
            var changed = entry.State == EntityState.Added || entry.State == EntityState.Modified && entry.Property(nameof(IRenderedText.Html)).IsModified;
            if (!changed) continue;
            foreach (Match m in PreviewToken().Matches(entry.Entity.Html))
            {
                if (tokens.UrlOf(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)) is { } url) urls.Add(url);
            }
        }
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var url in urls) OutboxQueue.Enqueue(db, LinkPreviewFetcher.TopicName, url, now);
    }

    [GeneratedRegex("data-preview=\"([^\"]+)\"")]
    private static partial Regex PreviewToken();
}
