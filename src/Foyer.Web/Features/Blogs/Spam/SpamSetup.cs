using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Foyer.Web.Features.Blogs.Spam;

public static class SpamSetup
{
    /// <summary>
    /// The blog comment spam filter: <see cref="SpamFilter"/> (scoped, its model in the database), settings from the
    /// "Spam" section, validated at startup. Calling it twice does no harm.
    /// </summary>
    public static WebApplicationBuilder AddSpamFilter(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SpamOptions>().BindConfiguration(SpamOptions.Section)
            .Validate(o => o.Problem() is null, "The Spam settings are inconsistent: thresholds 0 < Hold <= Reject <= 1, limits at least 1, weights positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<SpamActivityTracker>();
        builder.Services.TryAddSingleton<SpamModelSeeder>();
        builder.Services.TryAddScoped<ISpamModelStore, EfSpamModelStore>();
        builder.Services.TryAddScoped<SpamFilter>();
        return builder;
    }
}
