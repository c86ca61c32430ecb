namespace Foyer.Web.Features.Insights;

public static class InsightsSetup
{
    public static WebApplicationBuilder AddInsights(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<InsightsCalculator>();
        builder.Services.AddSingleton<WikiViewCounter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WikiViewCounter>());
        return builder;
    }
}
