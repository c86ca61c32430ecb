using System.Globalization;
using System.Text;

namespace Foyer.Web.Infrastructure.Content;

/// <summary>Readable URL parts from German and English names: "Probenplan Herbst" → "probenplan-herbst", "Größe" → "groesse".</summary>
public static class Slugs
{
    public static string From(string text, char separator = '-', int maxLength = 80)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            switch (c)
            {
                case 'ä': sb.Append("ae"); break;
                case 'ö': sb.Append("oe"); break;
                case 'ü': sb.Append("ue"); break;
                case 'ß': sb.Append("ss"); break;
                default: sb.Append(c); break;
            }
        }
        var decomposed = sb.ToString().Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        var pendingSeparator = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark) continue;
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (pendingSeparator && result.Length > 0)
                {
                    if (result.Length + 2 > maxLength) break;
                    result.Append(separator);
                }
                pendingSeparator = false;
                result.Append(c);
            }
            else
            {
                pendingSeparator = true;
            }
            if (result.Length >= maxLength) break;
        }
        return result.ToString().Trim(separator);
    }
}
