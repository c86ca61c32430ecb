using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Foyer.Web.Features.Accounts;

/// <summary>Identity's messages that reach people (password rules, taken addresses) in their language.</summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<SharedResource> t) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), t["Something went wrong. Please try again."]);
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), t["The current password is not correct."]);
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), t["The password needs at least {0} characters.", length]);
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), t["Please enter a valid e-mail address."]);
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), t["Please enter a valid e-mail address."]);
    public override IdentityError DuplicateEmail(string email) =>
        Error(nameof(DuplicateEmail), t["This e-mail address cannot be used. If you already have an account, log in instead."]);
    public override IdentityError DuplicateUserName(string userName) =>
        Error(nameof(DuplicateUserName), t["This e-mail address cannot be used. If you already have an account, log in instead."]);
    public override IdentityError ConcurrencyFailure() =>
        Error(nameof(ConcurrencyFailure), t["Someone else changed this in the meantime. Reload the page and try again."]);

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
