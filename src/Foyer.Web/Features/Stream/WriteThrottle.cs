using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.Stream;

/// <summary>
/// Limits how fast one account can publish posts and comments, so a hijacked or scripted account (a guest's as much
/// as anyone's) cannot flood a space. Generous for people, tight for loops.
/// </summary>
public sealed class WriteThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<long> _perUser;

    public WriteThrottle(IOptions<StreamOptions> options)
    {
        var perMinute = options.Value.WritesPerMinute;
        _perUser = PartitionedRateLimiter.Create<long, long>(userId => RateLimitPartition.GetSlidingWindowLimiter(userId,
            _ => new SlidingWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0 }));
    }

    public bool TryAcquire(long userId)
    {
        using var lease = _perUser.AttemptAcquire(userId);
        return lease.IsAcquired;
    }

    public void Dispose() => _perUser.Dispose();
}
