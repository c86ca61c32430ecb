using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Foyer.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Infrastructure.Mail;

/// <summary>
/// Signs what a mail carries back to Foyer: the per-person reply address of a thread and the unsubscribe link. The
/// key is random, made on first use and kept in the database, so nobody can guess an address that posts as someone
/// else, and every app node signs alike.
/// </summary>
public sealed class MailSigner(IServiceScopeFactory scopes, IOptions<MailOptions> options)
{
    private byte[]? _key;

    private async Task<byte[]> KeyAsync()
    {
        if (_key is not null) return _key;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FoyerDbContext>();
        var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        // Only the first node to ask sets it; everyone then reads the same key.
        await db.Organisation.Where(o => o.MailSecret == "").ExecuteUpdateAsync(s => s.SetProperty(o => o.MailSecret, fresh));
        var secret = await db.Organisation.AsNoTracking().Select(o => o.MailSecret).FirstOrDefaultAsync();
        if (string.IsNullOrEmpty(secret)) throw new InvalidOperationException("The organisation is not set up yet.");
        return _key = Convert.FromBase64String(secret);
    }

    private async Task<string> SignAsync(string purpose, string value)
    {
        var mac = HMACSHA256.HashData(await KeyAsync(), Encoding.UTF8.GetBytes(purpose + "\n" + value));
        return Convert.ToHexStringLower(mac.AsSpan(0, 10));
    }

    /// <summary>reply+{user}-{post}-{signature}@domain: replying to it comments on that post as that person.</summary>
    public async Task<string> ReplyAddressAsync(long userId, long postId)
    {
        var value = string.Create(CultureInfo.InvariantCulture, $"{userId}-{postId}");
        return $"reply+{value}-{await SignAsync("reply", value)}@{options.Value.Domain}";
    }

    /// <summary>The person and post of a reply address, or null when it is not one Foyer signed.</summary>
    public async Task<(long UserId, long PostId)?> ReadReplyAddressAsync(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0 || !address[(at + 1)..].Equals(options.Value.Domain, StringComparison.OrdinalIgnoreCase)) return null;
        var local = address[..at];
        if (!local.StartsWith("reply+", StringComparison.OrdinalIgnoreCase)) return null;
        var parts = local[6..].Split('-');
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var post)) return null;
        var expected = await SignAsync("reply", $"{parts[0]}-{parts[1]}");
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts[2].ToLowerInvariant()))
            ? (user, post) : null;
    }

    public async Task<string> UnsubscribeTokenAsync(long userId)
    {
        var value = userId.ToString(CultureInfo.InvariantCulture);
        return $"{value}-{await SignAsync("unsubscribe", value)}";
    }

    public async Task<long?> ReadUnsubscribeTokenAsync(string? token)
    {
        var parts = (token ?? "").Split('-');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var user)) return null;
        var expected = await SignAsync("unsubscribe", parts[0]);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts[1])) ? user : null;
    }
}
