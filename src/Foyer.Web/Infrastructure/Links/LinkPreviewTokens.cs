using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Foyer.Web.Infrastructure.Links;

/// <summary>
/// The address of a link's snapshot carries the link itself, protected by the app's data-protection keys: only links
/// that Foyer rendered into content can be asked about, so nobody can make the server fetch an address of their choice.
/// </summary>
public sealed class LinkPreviewTokens(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Foyer.LinkPreview.v1");

    public string For(string url) => _protector.Protect(url);

    public string? UrlOf(string token)
    {
        if (token.Length is 0 or > 6000) return null;
        try
        {
            return _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public static string Hash(string url) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)));
}
