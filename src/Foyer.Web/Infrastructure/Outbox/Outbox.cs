using Foyer.Data;
using Foyer.Data.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Web.Infrastructure.Outbox;

/// <summary>Does the work of one topic. Throwing means "try again later"; the dispatcher backs off and retries.</summary>
public interface IOutboxHandler
{
    string Topic { get; }
    Task HandleAsync(string payload, CancellationToken cancellationToken);
}

/// <summary>Wakes the dispatcher when something was queued, so work starts at once instead of at the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

public static class OutboxQueue
{
    /// <summary>Adds a message to the caller's unit of work: it is stored by the caller's SaveChanges, with the change that caused it.</summary>
    public static OutboxMessage Enqueue(FoyerDbContext db, string topic, string payload, DateTime now)
    {
        var message = new OutboxMessage { Topic = topic, Payload = payload, CreatedAt = now, AvailableAt = now };
        db.Outbox.Add(message);
        return message;
    }
}

/// <summary>
/// Takes due messages from the outbox and hands them to their handlers. A message is claimed with a conditional
/// update (only one node wins it), and the claim expires, so a node that dies mid-work leaves it to another.
/// Failures back off exponentially (2 s, 4 s, ... up to an hour); after <see cref="MaxAttempts"/> the message is
/// marked failed and kept with its error.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, OutboxSignal signal, TimeProvider time, ILogger<OutboxDispatcher> log,
    IConfiguration configuration) : BackgroundService
{
    public const int MaxAttempts = 8;
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Outbox:Run = false leaves the work to another node (or to a test that drives RunOnceAsync itself).
        if (!configuration.GetValue("Outbox:Run", true)) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            int done;
            try
            {
                done = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be starting or migrating; try again at the next poll.
                log.LogWarning(e, "Outbox dispatch failed");
                done = 0;
            }
            if (done == 0)
            {
                try
                {
                    await signal.WaitAsync(Poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Handles the messages that are due now (at most a batch); returns how many it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        List<long> due;
        var now = time.GetUtcNow().UtcDateTime;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FoyerDbContext>();
            due = await db.Outbox.AsNoTracking()
                .Where(m => m.ProcessedAt == null && m.AvailableAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
                .OrderBy(m => m.Id).Select(m => m.Id).Take(20).ToListAsync(cancellationToken);
        }
        var handled = 0;
        foreach (var id in due)
        {
            if (cancellationToken.IsCancellationRequested) break;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FoyerDbContext>();
            now = time.GetUtcNow().UtcDateTime;
            var claimed = await db.Outbox.Where(m => m.Id == id && m.ProcessedAt == null && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, now + Claim).SetProperty(m => m.Attempts, m => m.Attempts + 1), CancellationToken.None);
            if (claimed == 0) continue;
            var message = await db.Outbox.AsNoTracking().FirstAsync(m => m.Id == id, CancellationToken.None);
            var handler = scope.ServiceProvider.GetServices<IOutboxHandler>().FirstOrDefault(h => h.Topic == message.Topic);
            try
            {
                if (handler is null) throw new InvalidOperationException($"no handler for topic '{message.Topic}'");
                await handler.HandleAsync(message.Payload, cancellationToken);
                // The work is done: noting that must not be cut short by a shutdown, or it would be done again.
                var finished = time.GetUtcNow().UtcDateTime;
                await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ProcessedAt, finished).SetProperty(m => m.LockedUntil, (DateTime?)null), CancellationToken.None);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down in the middle: hand the message back untouched for the next node or start.
                await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, (DateTime?)null).SetProperty(m => m.Attempts, m => m.Attempts - 1), CancellationToken.None);
                break;
            }
            catch (Exception e)
            {
                var failedAt = time.GetUtcNow().UtcDateTime;
                var giveUp = message.Attempts >= MaxAttempts;
                var retryAt = failedAt + TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, message.Attempts)));
                var error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                log.LogWarning("Outbox message {Id} ({Topic}) failed on attempt {Attempt}: {Error}", id, message.Topic, message.Attempts, error);
                await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LastError, error).SetProperty(m => m.LockedUntil, (DateTime?)null)
                    .SetProperty(m => m.AvailableAt, retryAt)
                    .SetProperty(m => m.Failed, giveUp)
                    .SetProperty(m => m.ProcessedAt, giveUp ? failedAt : null), CancellationToken.None);
            }
            handled++;
        }
        return handled;
    }
}
