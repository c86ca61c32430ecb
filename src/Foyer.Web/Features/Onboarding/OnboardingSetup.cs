namespace Foyer.Web.Features.Onboarding;

public static class OnboardingSetup
{
    public static WebApplicationBuilder AddOnboarding(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WikiFoundMemory>();
        return builder;
    }
}
