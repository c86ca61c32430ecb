using System.Net;
using System.Net.Sockets;

namespace Foyer.Web.Infrastructure.Fetching;

/// <summary>
/// Which addresses a server-side fetch may never reach: loopback, private, link-local, CGNAT, multicast, reserved and
/// documentation ranges, and IPv4 hidden inside IPv6 (mapped, NAT64, 6to4) judged by the IPv4 inside.
/// </summary>
public static class AddressGuard
{
    private static readonly (IPAddress Network, int Prefix)[] ForbiddenV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8), (IPAddress.Parse("10.0.0.0"), 8), (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8), (IPAddress.Parse("169.254.0.0"), 16), (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24), (IPAddress.Parse("192.0.2.0"), 24), (IPAddress.Parse("192.88.99.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16), (IPAddress.Parse("198.18.0.0"), 15), (IPAddress.Parse("198.51.100.0"), 24),
        (IPAddress.Parse("203.0.113.0"), 24), (IPAddress.Parse("224.0.0.0"), 4), (IPAddress.Parse("240.0.0.0"), 4),
    ];

    private static readonly (IPAddress Network, int Prefix)[] ForbiddenV6 =
    [
        (IPAddress.Parse("::"), 128), (IPAddress.Parse("::1"), 128), (IPAddress.Parse("100::"), 64), (IPAddress.Parse("2001:db8::"), 32),
        (IPAddress.Parse("2001::"), 32), (IPAddress.Parse("fc00::"), 7), (IPAddress.Parse("fe80::"), 10), (IPAddress.Parse("fec0::"), 10),
        (IPAddress.Parse("ff00::"), 8),
    ];

    public static bool IsForbidden(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6) return IsForbidden(address.MapToIPv4());
            var bytes = address.GetAddressBytes();
            // NAT64 (64:ff9b::/96) and IPv4-compatible (::/96) carry an IPv4 address in their last four bytes.
            if ((bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.Skip(4).Take(8).All(b => b == 0))
                || bytes.Take(12).All(b => b == 0))
            {
                return IsForbidden(new IPAddress(bytes[12..]));
            }
            // 6to4 (2002::/16) carries one in bytes 2 to 5.
            if (bytes[0] == 0x20 && bytes[1] == 0x02) return IsForbidden(new IPAddress(bytes[2..6]));
            return ForbiddenV6.Any(r => InRange(address, r.Network, r.Prefix));
        }
        return address.AddressFamily != AddressFamily.InterNetwork || ForbiddenV4.Any(r => InRange(address, r.Network, r.Prefix));
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        if (a.Length != n.Length) return false;
        var full = prefix / 8;
        for (var i = 0; i < full; i++) if (a[i] != n[i]) return false;
        var rest = prefix % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (a[full] & mask) == (n[full] & mask);
    }
}
