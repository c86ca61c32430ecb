using Foyer.Web.Features.Accounts;
using Foyer.Web.Features.Blogs.Spam;
using Foyer.Web.Features.Demo;
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
builder.AddSpamFilter();

var app = builder.Build();

await app.MigrateFoyerDatabaseAsync();
if (args.Contains("--demo"))
{
    await app.SeedDemoOrganisationAsync();
}

app.UseFoyerWeb();
app.Run();

public partial class Program;
