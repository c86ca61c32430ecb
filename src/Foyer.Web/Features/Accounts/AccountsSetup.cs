using System.Security.Claims;
using Foyer.Data;
using Foyer.Data.Accounts;
using Foyer.Web.Infrastructure.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Foyer.Web.Features.Accounts;

public sealed class LoginOptions
{
    public int MaxFailedAccessAttempts { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
    public int PerAccountAttemptsPerWindow { get; set; } = 10;
    public int PerNetworkAttemptsPerWindow { get; set; } = 30;
    public int WindowMinutes { get; set; } = 5;
}

public sealed class InvitationOptions
{
    public int ValidDays { get; set; } = 7;
}

public static class AccountsSetup
{
    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LoginOptions>().BindConfiguration("Login")
            .Validate(o => o.MaxFailedAccessAttempts > 0 && o.WindowMinutes > 0, "Login limits must be positive.").ValidateOnStart();
        services.AddOptions<InvitationOptions>().BindConfiguration("Invitations")
            .Validate(o => o.ValidDays is > 0 and <= 90, "Invitations must be valid for 1 to 90 days.").ValidateOnStart();
        var login = builder.Configuration.GetSection("Login").Get<LoginOptions>() ?? new LoginOptions();

        services.AddIdentity<User, IdentityRole<long>>(o =>
            {
                // Length beats composition rules (NIST SP 800-63B); the form says so.
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = true;
                o.User.AllowedUserNameCharacters = "";
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = login.MaxFailedAccessAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(login.LockoutMinutes);
            })
            .AddEntityFrameworkStores<FoyerDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddClaimsPrincipalFactory<FoyerClaimsFactory>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "foyer.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/error/403";
            // Forbidden stays forbidden: answer 403 in place (the status code page explains it) instead of redirecting.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            // Identity's validator re-reads the person (is the account still there, is the stamp unchanged) once the
            // interval has passed since the cookie was issued. Asking it on every request builds a SignInManager and
            // a UserManager only to learn that the interval has not passed yet; the same test comes first here.
            o.Events.OnValidatePrincipal = context =>
            {
                var interval = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval;
                if (context.Properties.IssuedUtc is DateTimeOffset issued && DateTimeOffset.UtcNow - issued <= interval) return Task.CompletedTask;
                return SecurityStampValidator.ValidatePrincipalAsync(context);
            };
        });
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(5));
        services.AddSingleton<LoginThrottle>();
        return builder;
    }
}

/// <summary>Puts the person's language into the cookie so choosing the culture needs no database read.</summary>
public sealed class FoyerClaimsFactory(UserManager<User> users, RoleManager<IdentityRole<long>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User, IdentityRole<long>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrEmpty(user.Language))
        {
            identity.AddClaim(new Claim(LocalizationSetup.LanguageClaim, user.Language));
        }
        return identity;
    }
}
