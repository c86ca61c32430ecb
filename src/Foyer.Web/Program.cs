using Foyer.Web.Features.Accounts;
using Foyer.Web.Features.Blogs;
using Foyer.Web.Features.Demo;
using Foyer.Web.Features.Insights;
using Foyer.Web.Features.Onboarding;
using Foyer.Web.Features.Privacy;
using Foyer.Web.Features.Search;
using Foyer.Web.Features.Spaces;
using Foyer.Web.Features.Stream;
using Foyer.Web.Features.Wiki;
using Foyer.Web.Infrastructure;
using Foyer.Web.Infrastructure.Database;
using Foyer.Web.Infrastructure.Localization;

var builder = WebApplication.CreateBuilder(args);

builder.AddFoyerDatabase();
builder.AddFoyerLocalization();
builder.AddFoyerWeb();
builder.AddAccounts();
builder.AddSpaces();
builder.AddStream();
builder.AddWiki();
builder.AddBlogs();
builder.AddSearch();
builder.AddPrivacy();
builder.AddInsights();
builder.AddOnboarding();

var app = builder.Build();

await app.MigrateFoyerDatabaseAsync();
await app.EnsurePrivacyDefaultsAsync();
if (args.Contains("--rebuild-search-index"))
{
    return await app.RebuildFromCommandLineAsync();
}
if (args.Contains("--demo"))
{
    await app.SeedDemoOrganisationAsync();
}

app.UseFoyerWeb();
await app.RunAsync();
return 0;

public partial class Program;
