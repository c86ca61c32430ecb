using Foyer.Data;
using Foyer.Data.Blogs;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Features.Blogs.Spam;

/// <summary>
/// The classifier's counts in the database: one row per token, one row with the document counts. Training changes
/// counts with UPDATE ... SET count = count + 1 in one transaction, so moderators deciding at the same time add up
/// instead of overwriting each other.
/// </summary>
public sealed class EfSpamModelStore(FoyerDbContext db) : ISpamModelStore
{
    public async Task<SpamModelSnapshot> GetAsync(IReadOnlyCollection<string> tokens, CancellationToken ct = default)
    {
        var counts = await db.SpamModelCounts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == SpamModelCounts.SingletonId, ct);
        var list = tokens.ToList();
        var found = list.Count == 0 ? [] : await db.SpamTokens.AsNoTracking().Where(t => list.Contains(t.Token))
            .ToDictionaryAsync(t => t.Token, t => new SpamTokenCounts(t.SpamCount, t.HamCount), StringComparer.Ordinal, ct);
        return new SpamModelSnapshot(counts?.SpamDocuments ?? 0, counts?.HamDocuments ?? 0, found);
    }

    public async Task AddAsync(IReadOnlyCollection<string> tokens, bool isSpam, int delta, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(Math.Abs(delta), 1);
        var list = tokens.Where(t => t.Length <= SpamToken.MaxTokenLength).Distinct(StringComparer.Ordinal).ToList();
        // Two moderators adding the same new token at once: the second insert fails on the key; counting again then finds it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AddOnceAsync(list, isSpam, delta, ct);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task AddOnceAsync(List<string> tokens, bool isSpam, int delta, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var counted = await db.SpamModelCounts.Where(c => c.Id == SpamModelCounts.SingletonId).ExecuteUpdateAsync(s =>
            {
                if (isSpam) s.SetProperty(c => c.SpamDocuments, c => c.SpamDocuments + delta < 0 ? 0 : c.SpamDocuments + delta);
                else s.SetProperty(c => c.HamDocuments, c => c.HamDocuments + delta < 0 ? 0 : c.HamDocuments + delta);
            }, ct);
            if (counted == 0)
            {
                db.SpamModelCounts.Add(new SpamModelCounts { SpamDocuments = isSpam ? Math.Max(0, delta) : 0, HamDocuments = isSpam ? 0 : Math.Max(0, delta) });
            }

            if (tokens.Count > 0)
            {
                var existing = await db.SpamTokens.Where(t => tokens.Contains(t.Token)).Select(t => t.Token).ToListAsync(ct);
                if (existing.Count > 0)
                {
                    await db.SpamTokens.Where(t => existing.Contains(t.Token)).ExecuteUpdateAsync(s =>
                    {
                        if (isSpam) s.SetProperty(t => t.SpamCount, t => t.SpamCount + delta < 0 ? 0 : t.SpamCount + delta);
                        else s.SetProperty(t => t.HamCount, t => t.HamCount + delta < 0 ? 0 : t.HamCount + delta);
                    }, ct);
                }
                if (delta > 0)
                {
                    var known = existing.ToHashSet(StringComparer.Ordinal);
                    db.SpamTokens.AddRange(tokens.Where(t => !known.Contains(t))
                        .Select(t => new SpamToken { Token = t, SpamCount = isSpam ? 1 : 0, HamCount = isSpam ? 0 : 1 }));
                }
                else if (existing.Count > 0)
                {
                    await db.SpamTokens.Where(t => existing.Contains(t.Token) && t.SpamCount == 0 && t.HamCount == 0).ExecuteDeleteAsync(ct);
                }
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
        });
    }

    public async Task<bool> IsEmptyAsync(CancellationToken ct = default) =>
        !await db.SpamModelCounts.AnyAsync(ct);

    public async Task<bool> SeedAsync(SpamModelSnapshot model, CancellationToken ct = default)
    {
        if (!await IsEmptyAsync(ct)) return false;
        try
        {
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                // The counts row goes first: a second seeder running at the same time fails on its key right here.
                db.SpamModelCounts.Add(new SpamModelCounts { SpamDocuments = model.SpamDocuments, HamDocuments = model.HamDocuments });
                await db.SaveChangesAsync(ct);
                db.SpamTokens.AddRange(model.Tokens.Where(t => t.Key.Length <= SpamToken.MaxTokenLength)
                    .Select(t => new SpamToken { Token = t.Key, SpamCount = t.Value.Spam, HamCount = t.Value.Ham }));
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            });
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
