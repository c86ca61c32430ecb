using System.Net;
using Foyer.Tests.Infrastructure;
using Foyer.Web.Features.Accounts;
using Foyer.Web.Infrastructure.Database;

namespace Foyer.Tests.Features.Accounts;

/// <summary>
/// Rate limits on login attempts, each on its own small SQLite Foyer with a low limit, so the shared apps keep their
/// generous ones. Limits count attempts per submitted account name (existing or not) and per network.
/// </summary>
public sealed class LoginThrottleTests
{
    private static async Task WithAppAsync(Dictionary<string, string?> settings, Func<FoyerApp, Task> test)
    {
        var app = new FoyerApp(DatabaseProvider.Sqlite, settings);
        try
        {
            await app.InitializeAsync();
            await test(app);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static async Task<HttpStatusCode> AttemptAsync(FoyerApp app, string email, string password) =>
        (await app.NewClient().SubmitAsync("/login", "/login", new() { ["Email"] = email, ["Password"] = password })).StatusCode;

    [Fact]
    public async Task The_fourth_attempt_for_one_account_answers_429_even_with_the_right_password() =>
        await WithAppAsync(new() { ["Login:PerAccountAttemptsPerWindow"] = "3" }, async app =>
        {
            var user = await app.CreateUserAsync();
            var other = await app.CreateUserAsync();
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await AttemptAsync(app, user.Email!, "wrong password " + i));

            var client = app.NewClient();
            var limited = await client.SubmitAsync("/login", "/login", new() { ["Email"] = user.Email!.ToUpperInvariant(), ["Password"] = FoyerApp.Password });

            Assert.Equal((HttpStatusCode)429, limited.StatusCode);
            Assert.Contains("Too many login attempts. Please wait a few minutes and try again.", Html.Errors(await limited.Content.ReadAsStringAsync()));
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/me")).StatusCode);
            // Another account is not affected.
            Assert.Equal(HttpStatusCode.Redirect, await AttemptAsync(app, other.Email!, FoyerApp.Password));
        });

    [Fact]
    public async Task Unknown_accounts_are_limited_the_same_way_so_the_limit_reveals_nothing() =>
        await WithAppAsync(new() { ["Login:PerAccountAttemptsPerWindow"] = "3" }, async app =>
        {
            var nobody = app.Unique("nobody") + "@test.example";
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await AttemptAsync(app, nobody, "some password " + i));
            Assert.Equal((HttpStatusCode)429, await AttemptAsync(app, nobody, "some password"));
        });

    [Fact]
    public async Task Many_accounts_tried_from_one_network_answer_429() =>
        await WithAppAsync(new() { ["Login:PerNetworkAttemptsPerWindow"] = "3" }, async app =>
        {
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await AttemptAsync(app, app.Unique("spray") + "@test.example", "Sommer2026!"));
            var user = await app.CreateUserAsync();
            Assert.Equal((HttpStatusCode)429, await AttemptAsync(app, user.Email!, FoyerApp.Password));
        });
}

/// <summary>The network part of the throttle key: IPv4 addresses exactly, IPv6 by their /64.</summary>
public sealed class LoginThrottleNetworkKeyTests
{
    [Fact]
    public void IPv6_addresses_of_one_64_network_share_a_key()
    {
        var a = LoginThrottle.NetworkKey(IPAddress.Parse("2001:db8:1:2:3:4:5:6"));
        var b = LoginThrottle.NetworkKey(IPAddress.Parse("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        Assert.Equal(a, b);
        Assert.Equal("2001:db8:1:2::/64", a);
    }

    [Fact]
    public void IPv6_addresses_of_neighbouring_64_networks_differ()
    {
        Assert.NotEqual(
            LoginThrottle.NetworkKey(IPAddress.Parse("2001:db8:1:2::1")),
            LoginThrottle.NetworkKey(IPAddress.Parse("2001:db8:1:3::1")));
    }

    [Fact]
    public void IPv4_addresses_are_kept_exact()
    {
        Assert.Equal("192.0.2.1", LoginThrottle.NetworkKey(IPAddress.Parse("192.0.2.1")));
        Assert.NotEqual(LoginThrottle.NetworkKey(IPAddress.Parse("192.0.2.1")), LoginThrottle.NetworkKey(IPAddress.Parse("192.0.2.2")));
    }

    [Fact]
    public void IPv4_mapped_IPv6_addresses_count_as_their_IPv4_address()
    {
        Assert.Equal("192.0.2.1", LoginThrottle.NetworkKey(IPAddress.Parse("::ffff:192.0.2.1")));
    }

    [Fact]
    public void A_missing_address_has_one_shared_key()
    {
        Assert.Equal(LoginThrottle.NetworkKey(null), LoginThrottle.NetworkKey(null));
        Assert.NotEqual(LoginThrottle.NetworkKey(null), LoginThrottle.NetworkKey(IPAddress.Loopback));
    }
}
