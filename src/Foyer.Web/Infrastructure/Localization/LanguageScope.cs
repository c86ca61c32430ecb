using System.Globalization;

namespace Foyer.Web.Infrastructure.Localization;

/// <summary>
/// Work done outside a request in someone's language (a mail, a name stored in the organisation's language): sets the
/// culture for the block and restores the previous one, also when the block throws.
/// </summary>
public readonly struct LanguageScope : IDisposable
{
    private readonly CultureInfo _culture;
    private readonly CultureInfo _uiCulture;

    private LanguageScope(string language)
    {
        (_culture, _uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language == "de" ? "de" : "en");
    }

    /// <summary>German for "de", English for everything else.</summary>
    public static LanguageScope Use(string language) => new(language);

    public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
}
