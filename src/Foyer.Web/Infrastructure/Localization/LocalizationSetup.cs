using System.Globalization;
using Foyer.Web.Infrastructure.Setup;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Infrastructure.Localization;

public static class LocalizationSetup
{
    public const string LanguageClaim = "foyer:lang";
    public static readonly string[] Languages = ["de", "en"];

    public static WebApplicationBuilder AddFoyerLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        builder.Services.AddSingleton<IStringLocalizerFactory, CachingStringLocalizerFactory>();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            // Read-only cultures from the runtime's cache: the middleware hands these out as they are, instead of
            // cloning a culture (and building its number and date formats again) on every request.
            var cultures = Languages.Select(CultureInfo.GetCultureInfo).ToList();
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.DefaultRequestCulture = new RequestCulture("en");
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // The person's own setting, then the browser, then the organisation's default language.
            o.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(ctx =>
                {
                    var lang = ctx.User.FindFirst(LanguageClaim)?.Value;
                    return Task.FromResult(string.IsNullOrEmpty(lang) ? null : new ProviderCultureResult(lang));
                }),
                new AcceptLanguageHeaderRequestCultureProvider(),
                new CustomRequestCultureProvider(ctx =>
                {
                    var org = ctx.RequestServices.GetRequiredService<OrganisationState>();
                    return Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(org.DefaultLanguage));
                }),
            ];
        });
        return builder;
    }
}
