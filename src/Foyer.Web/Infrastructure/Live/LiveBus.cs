using System.Collections.Concurrent;
using System.Text.Json;
using StackExchange.Redis;

namespace Foyer.Web.Infrastructure.Live;

/// <summary>
/// Something that happened, for open pages: a notification for one person, a new post in a space, a new comment on a
/// post. Carries ids only; what a page may show is decided again for each reader when the event reaches them.
/// </summary>
public sealed record LiveEvent(string Type, long? UserId = null, long? SpaceId = null, long? PostId = null, int? Number = null, long? ActorId = null);

/// <summary>Spreads live events to every open page on every app node.</summary>
public interface ILiveBus
{
    void Publish(LiveEvent e);
    IDisposable Subscribe(Action<LiveEvent> handler);
}

/// <summary>One app node: events go straight to the pages open on this node.</summary>
public class InProcessLiveBus : ILiveBus
{
    private readonly ConcurrentDictionary<long, Action<LiveEvent>> _handlers = new();
    private long _next;

    public virtual void Publish(LiveEvent e) => Deliver(e);

    protected void Deliver(LiveEvent e)
    {
        foreach (var handler in _handlers.Values)
        {
            handler(e);
        }
    }

    public IDisposable Subscribe(Action<LiveEvent> handler)
    {
        var id = Interlocked.Increment(ref _next);
        _handlers[id] = handler;
        return new Subscription(() => _handlers.TryRemove(id, out _));
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>
/// Several app nodes: every event goes through one Redis pub/sub channel, and each node hands what it receives to
/// its own open pages (the publishing node too, so every page sees each event once).
/// </summary>
public sealed class RedisLiveBus : InProcessLiveBus, IDisposable
{
    public const string Channel = "foyer:live";
    private readonly ConnectionMultiplexer _redis;
    private readonly ISubscriber _subscriber;
    private readonly ILogger<RedisLiveBus> _log;

    public RedisLiveBus(IConfiguration configuration, ILogger<RedisLiveBus> log)
    {
        _log = log;
        _redis = ConnectionMultiplexer.Connect(configuration["Redis:Configuration"]!);
        _subscriber = _redis.GetSubscriber();
        _subscriber.Subscribe(RedisChannel.Literal(Channel), (_, message) =>
        {
            try
            {
                if (message.HasValue && JsonSerializer.Deserialize<LiveEvent>((string)message!) is { } e) Deliver(e);
            }
            catch (JsonException ex)
            {
                _log.LogWarning(ex, "Ignoring a malformed live event");
            }
        });
    }

    public override void Publish(LiveEvent e) =>
        _subscriber.Publish(RedisChannel.Literal(Channel), JsonSerializer.Serialize(e), CommandFlags.FireAndForget);

    public void Dispose() => _redis.Dispose();
}
