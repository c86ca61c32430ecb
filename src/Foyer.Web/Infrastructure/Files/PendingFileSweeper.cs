using Foyer.Data;
using Foyer.Data.Files;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Infrastructure.Files;

/// <summary>
/// Files uploaded with a form that was never sent (a preview, a refused post, a closed tab) are removed after a day,
/// bytes and row, so half-finished uploads do not pile up on the disk.
/// </summary>
public sealed class PendingFileSweeper(IServiceScopeFactory scopes, TimeProvider time, ILogger<PendingFileSweeper> log) : BackgroundService
{
    public static readonly TimeSpan KeepPending = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Removing abandoned uploads failed");
            }
            try
            {
                await Task.Delay(TimeSpan.FromHours(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Removes pending files older than <see cref="KeepPending"/>; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoyerDbContext>();
        var storage = scope.ServiceProvider.GetRequiredService<IFileStorage>();
        var before = time.GetUtcNow().UtcDateTime - KeepPending;
        var abandoned = await db.Files.Where(f => f.OwnerKind == FileOwnerKind.Pending && f.CreatedAt < before).Take(500).ToListAsync(cancellationToken);
        foreach (var file in abandoned)
        {
            // Only rows still pending go: a form sent at this very moment attaches its files first.
            var removed = await db.Files.Where(f => f.Id == file.Id && f.OwnerKind == FileOwnerKind.Pending).ExecuteDeleteAsync(cancellationToken);
            if (removed == 0) continue;
            await storage.DeleteAsync(file.StorageKey, cancellationToken);
            if (file.ThumbnailKey is not null) await storage.DeleteAsync(file.ThumbnailKey, cancellationToken);
        }
        if (abandoned.Count > 0) log.LogInformation("Removed {Count} abandoned upload(s)", abandoned.Count);
        return abandoned.Count;
    }
}
