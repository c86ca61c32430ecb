using System.Net;
using Foyer.Data.Accounts;
using Foyer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Foyer.Tests.Features.Accounts;

/// <summary>Logging in and out, the lockout after repeated wrong passwords, and changing one's password.</summary>
public abstract class LoginTests(FoyerApp app)
{
    private static Dictionary<string, string> Credentials(string email, string password) => new() { ["Email"] = email, ["Password"] = password };

    private static async Task<(HttpStatusCode Status, IReadOnlyList<string> Errors)> AttemptAsync(TestClient client, string email, string password)
    {
        var response = await client.SubmitAsync("/login", "/login", Credentials(email, password));
        return (response.StatusCode, Html.Errors(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Correct_password_signs_in_and_leads_to_the_stream()
    {
        var user = await app.CreateUserAsync();
        var client = app.NewClient();

        var response = await client.SubmitAsync("/login", "/login", Credentials(user.Email!, FoyerApp.Password));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_status_and_message()
    {
        var user = await app.CreateUserAsync();
        var client = app.NewClient();

        var wrongPassword = await AttemptAsync(client, user.Email!, "not the password at all");
        var unknownEmail = await AttemptAsync(client, app.Unique("nobody") + "@test.example", "not the password at all");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.Status);
        Assert.Equal(wrongPassword.Status, unknownEmail.Status);
        Assert.NotEmpty(wrongPassword.Errors);
        Assert.Equal(wrongPassword.Errors, unknownEmail.Errors);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task After_five_wrong_passwords_even_the_correct_one_is_refused()
    {
        var user = await app.CreateUserAsync();
        var bystander = await app.CreateUserAsync();
        var client = app.NewClient();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await AttemptAsync(client, user.Email!, $"wrong password {i}")).Status);
        }

        var correct = await AttemptAsync(client, user.Email!, FoyerApp.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, correct.Status);
        Assert.Equal("The e-mail address or the password is not correct, or the account is locked for a while.", Assert.Single(correct.Errors));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/me")).StatusCode);
        var lockoutEnd = await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync());
        Assert.NotNull(lockoutEnd);
        // The lockout is for that account only.
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().SubmitAsync("/login", "/login", Credentials(bystander.Email!, FoyerApp.Password))).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    public async Task Login_never_redirects_to_another_site(string returnUrl)
    {
        var user = await app.CreateUserAsync();
        var client = app.NewClient();
        var page = "/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);

        var response = await client.SubmitAsync(page, page, new()
        {
            ["Email"] = user.Email!, ["Password"] = FoyerApp.Password, ["ReturnUrl"] = returnUrl,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Logout_ends_the_session()
    {
        var user = await app.CreateUserAsync();
        var client = await app.LoginAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/me")).StatusCode);

        // The log-out button in the top bar of every page.
        var response = await client.SubmitAsync("/me", "/logout", new());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.ToString());
        var me = await client.GetAsync("/me");
        Assert.Equal(HttpStatusCode.Redirect, me.StatusCode);
        Assert.StartsWith("/login", me.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_password_with_the_right_current_password_works()
    {
        var user = await app.CreateUserAsync();
        var client = await app.LoginAsync(user);
        const string newPassword = "a brand new passphrase for the stage";

        var response = await client.SubmitAsync("/me", "/me?handler=Password", new()
        {
            ["Password.Current"] = FoyerApp.Password, ["Password.New"] = newPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Your password was changed.", await client.GetPageAsync("/me"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AttemptAsync(app.NewClient(), user.Email!, FoyerApp.Password)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().SubmitAsync("/login", "/login", Credentials(user.Email!, newPassword))).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_with_a_wrong_current_password_fails_with_a_clear_message()
    {
        var user = await app.CreateUserAsync();
        var client = await app.LoginAsync(user);
        var hashBefore = await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync());

        var response = await client.SubmitAsync("/me", "/me?handler=Password", new()
        {
            ["Password.Current"] = "this is not my password", ["Password.New"] = "a brand new passphrase for the stage",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The current password is not correct.", Html.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Equal(hashBefore, await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().SubmitAsync("/login", "/login", Credentials(user.Email!, FoyerApp.Password))).StatusCode);
    }

    [Fact]
    public async Task A_too_short_new_password_is_refused()
    {
        var user = await app.CreateUserAsync();
        var client = await app.LoginAsync(user);
        var hashBefore = await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync());

        var response = await client.SubmitAsync("/me", "/me?handler=Password", new()
        {
            ["Password.Current"] = FoyerApp.Password, ["Password.New"] = "short",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The new password needs at least 10 characters.", Html.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Equal(hashBefore, await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task A_deactivated_account_cannot_log_in_and_its_session_ends()
    {
        var user = await app.CreateUserAsync(OrgRole.Member);
        var client = await app.LoginAsync(user);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DeactivatedAt, app.Clock.GetUtcNow().UtcDateTime)));

        Assert.Equal(HttpStatusCode.Unauthorized, (await AttemptAsync(app.NewClient(), user.Email!, FoyerApp.Password)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/me")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LoginSqliteTests(SqliteApp app) : LoginTests(app);

[Collection(PostgresCollection.Name)]
public sealed class LoginPostgresTests(PostgresApp app) : LoginTests(app);
