using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.Accounts;

/// <summary>
/// Limits login attempts per submitted account name (existing or not, so the limit reveals nothing) and per network:
/// one IPv4 address, or one IPv6 /64, since a single host usually owns the whole /64.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAccount;
    private readonly PartitionedRateLimiter<string> _perNetwork;

    public LoginThrottle(IOptions<LoginOptions> options)
    {
        var o = options.Value;
        var window = TimeSpan.FromMinutes(o.WindowMinutes);
        _perAccount = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key,
            _ => new SlidingWindowRateLimiterOptions { PermitLimit = o.PerAccountAttemptsPerWindow, Window = window, SegmentsPerWindow = 5, QueueLimit = 0 }));
        _perNetwork = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key,
            _ => new SlidingWindowRateLimiterOptions { PermitLimit = o.PerNetworkAttemptsPerWindow, Window = window, SegmentsPerWindow = 5, QueueLimit = 0 }));
    }

    public bool TryAcquire(string accountName, IPAddress? remote)
    {
        using var network = _perNetwork.AttemptAcquire(NetworkKey(remote));
        if (!network.IsAcquired) return false;
        using var account = _perAccount.AttemptAcquire(accountName.Trim().ToUpperInvariant());
        return account.IsAcquired;
    }

    public static string NetworkKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }

    public void Dispose()
    {
        _perAccount.Dispose();
        _perNetwork.Dispose();
    }
}
