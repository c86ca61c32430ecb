global using Foyer.Web.Infrastructure.Audience;
