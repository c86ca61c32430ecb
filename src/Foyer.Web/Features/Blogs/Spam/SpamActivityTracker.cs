using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.Blogs.Spam;

/// <summary>What one network and one e-mail address sent recently, as seen when a new comment arrives.</summary>
/// <param name="FromNetwork">Comments from the network within the rate window, this one included (0 when unknown).</param>
/// <param name="FromEmail">Comments from the e-mail address within the rate window, this one included (0 when none given).</param>
/// <param name="IsRepeat">The same text came from the same network or address within the repeat window.</param>
public readonly record struct SpamActivity(int FromNetwork, int FromEmail, bool IsRepeat);

/// <summary>
/// Remembers recent comment submissions per network (IPv4 address, IPv6 /64) and per e-mail address, in memory, for
/// the rate limits and the repeat rule. Texts are kept as hashes only. A singleton; memory stays bounded because
/// entries older than the longest window are dropped. Several app instances each count their own share, which only
/// makes the limits more generous.
/// </summary>
public sealed class SpamActivityTracker(IOptions<SpamOptions> options)
{
    private const int SweepEvery = 500;
    private const int MaxKeys = 200_000;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<(DateTime At, ulong TextHash)>> _recent = new(StringComparer.Ordinal);
    private int _sinceSweep;

    /// <summary>Counts this submission, made at <paramref name="now"/> (UTC), and tells what came before it.</summary>
    public SpamActivity Record(string? networkKey, string? email, string text, DateTime now)
    {
        var o = options.Value;
        var rateSince = now.AddMinutes(-o.RateWindowMinutes);
        var repeatSince = now.AddHours(-o.RepeatWindowHours);
        var keepSince = rateSince < repeatSince ? rateSince : repeatSince;
        var hash = TextHash(text, o.RepeatMinLength);
        var emailKey = NormalizeEmail(email);

        lock (_lock)
        {
            if (++_sinceSweep >= SweepEvery || _recent.Count >= MaxKeys) Sweep(keepSince);
            if (_recent.Count >= MaxKeys) _recent.Clear(); // a flood from everywhere: forget rather than grow
            int fromNetwork = 0, fromEmail = 0;
            var repeat = false;
            if (networkKey is not null) (fromNetwork, repeat) = Touch("ip:" + networkKey, now, hash, rateSince, repeatSince, keepSince);
            if (emailKey is not null)
            {
                var (count, repeatByEmail) = Touch("mail:" + emailKey, now, hash, rateSince, repeatSince, keepSince);
                fromEmail = count;
                repeat |= repeatByEmail;
            }
            return new SpamActivity(fromNetwork, fromEmail, repeat);
        }
    }

    private (int Count, bool Repeat) Touch(string key, DateTime now, ulong hash, DateTime rateSince, DateTime repeatSince, DateTime keepSince)
    {
        if (!_recent.TryGetValue(key, out var entries)) _recent[key] = entries = [];
        entries.RemoveAll(e => e.At < keepSince);
        var repeat = hash != 0 && entries.Exists(e => e.TextHash == hash && e.At >= repeatSince);
        entries.Add((now, hash));
        return (entries.Count(e => e.At >= rateSince), repeat);
    }

    private void Sweep(DateTime keepSince)
    {
        _sinceSweep = 0;
        foreach (var key in _recent.Keys.ToList())
        {
            var entries = _recent[key];
            entries.RemoveAll(e => e.At < keepSince);
            if (entries.Count == 0) _recent.Remove(key);
        }
    }

    [SuppressMessage("Globalization", "CA1308:Normalize strings to uppercase", Justification = "A hash key, never shown.")]
    private static ulong TextHash(string text, int minLength)
    {
        var normalized = string.Join(' ', text.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (normalized.Length < Math.Max(1, minLength)) return 0;
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(normalized));
        return Math.Max(1, BitConverter.ToUInt64(bytes, 0));
    }

    private static string? NormalizeEmail(string? email)
    {
        var trimmed = email?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.ToUpperInvariant();
    }
}
