namespace Foyer.Web.Features.Spaces;

public static class SpacesSetup
{
    public static WebApplicationBuilder AddSpaces(this WebApplicationBuilder builder) => builder;
}
