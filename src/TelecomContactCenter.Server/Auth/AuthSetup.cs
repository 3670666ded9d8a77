using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TelecomContactCenter.Server.Data;

namespace TelecomContactCenter.Server.Auth;

internal static class AuthSetup
{
    public static WebApplicationBuilder AddContactCenterAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<AuthOptions>(AuthOptions.Section, o => o.Validate());
        services.AddAuthentication(IdentityConstants.BearerScheme).AddBearerToken(IdentityConstants.BearerScheme);
        services.AddOptions<Microsoft.AspNetCore.Authentication.BearerToken.BearerTokenOptions>(IdentityConstants.BearerScheme)
            .Configure<IOptions<AuthOptions>>((bearer, auth) => bearer.BearerTokenExpiration = auth.Value.AccessTokenLifetime);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Supervision, p => p.RequireRole(Roles.Supervisor, Roles.Admin))
            .AddPolicy(Policies.CustomerHandling, p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin));
        services.AddIdentityCore<IdentityUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ContactCenterDbContext>()
            .AddSignInManager();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AuthOptions>>((identity, auth) =>
        {
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = auth.Value.MaxFailedAccessAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = auth.Value.LockoutDuration;
        });
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SipCredentialLookup>();
        services.AddScoped<SipCredentialStore>();
        return builder;
    }
}
