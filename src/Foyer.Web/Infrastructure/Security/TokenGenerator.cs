using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace Foyer.Web.Infrastructure.Security;

/// <summary>Secrets for links (invitations, later password resets). Injected so tests can see what was issued.</summary>
public interface ITokenGenerator
{
    /// <summary>A URL-safe token carrying 256 bits from the operating system's CSPRNG.</summary>
    string NewToken();
}

public sealed class TokenGenerator : ITokenGenerator
{
    public string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
}
