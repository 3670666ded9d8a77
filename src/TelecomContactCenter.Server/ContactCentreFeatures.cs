using TelecomContactCenter.Server.Agents;
using TelecomContactCenter.Server.Auth;
using TelecomContactCenter.Server.Bridge;
using TelecomContactCenter.Server.Bss;
using TelecomContactCenter.Server.Callbacks;
using TelecomContactCenter.Server.Capacity;
using TelecomContactCenter.Server.Cluster;
using TelecomContactCenter.Server.Complaints;
using TelecomContactCenter.Server.Contact;
using TelecomContactCenter.Server.Customers;
using TelecomContactCenter.Server.Data;
using TelecomContactCenter.Server.DemoData;
using TelecomContactCenter.Server.Discounts;
using TelecomContactCenter.Server.Ivr;
using TelecomContactCenter.Server.Ivr.Callbacks;
using TelecomContactCenter.Server.Offers;
using TelecomContactCenter.Server.Profiles;
using TelecomContactCenter.Server.Routing;
using TelecomContactCenter.Server.Supervision;
using TelecomContactCenter.Server.Telephony;
using TelecomContactCenter.Server.Wallboard;
using TelecomContactCenter.Server.Web;

namespace TelecomContactCenter.Server;

/// <summary>
/// The host's features, composed in one place. The data services come first because hosted services start in
/// registration order: the SIP stack listens only once the database is migrated and seeded. The call path
/// (telephony, the contact centre, IVR, bridge, callbacks) registers only its own services once each and hears each
/// call's dialog events on the call itself, so its order does not matter; <see cref="ReverseCallPathKey"/> composes
/// it backwards, which the composition test uses to prove that.
/// </summary>
internal static class ContactCentreFeatures
{
    /// <summary><c>Host:ReverseCallPath</c>: true composes the call-path features in reverse order (a check, not a tuning).</summary>
    public const string ReverseCallPathKey = "Host:ReverseCallPath";

    private static readonly Func<WebApplicationBuilder, WebApplicationBuilder>[] Foundation =
    [
        b => b.AddWebApi(),
        b => b.AddDatabase(),
        b => b.AddContactCenterAuth(),
        b => b.AddProfiles(),
        b => b.AddReasonCapture(),
        b => b.AddCustomers(),
        b => b.AddComplaints(),
        b => b.AddOffers(),
        b => b.AddDiscounts(),
        b => b.AddCustomerSource(),
        b => b.AddCallRouting(),
        b => b.AddDemoData(),
    ];

    private static readonly Func<WebApplicationBuilder, WebApplicationBuilder>[] CallPath =
    [
        b => b.AddTelephony(),
        b => b.AddContactCentre(),
        b => b.AddIvr(),
        b => b.AddBridge(),
        b => b.AddCallbacks(),
    ];

    private static readonly Func<WebApplicationBuilder, WebApplicationBuilder>[] Edge =
    [
        b => b.AddCapacity(),
        b => b.AddClusterMembership(),
        b => b.AddWebUi(),
    ];

    public static WebApplicationBuilder AddContactCentreFeatures(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var callPath = builder.Configuration.GetValue<bool>(ReverseCallPathKey) ? CallPath.Reverse() : CallPath;
        foreach (var add in Foundation.Concat(callPath).Concat(Edge))
        {
            add(builder);
        }

        return builder;
    }

    /// <summary>The middleware, health check, REST API, hubs and web UI of every feature.</summary>
    public static WebApplication MapContactCentreFeatures(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebApi();
        app.UseWebUi();
        app.MapHealth();
        var api = app.MapGroup("/api").RequireAuthorization().WithRequestLimits();
        api.MapAuth();
        api.MapCustomers();
        api.MapReasons();
        api.MapComplaints();
        api.MapOffers();
        api.MapDiscounts();
        api.MapRouting();
        api.MapCallbacks();
        api.MapMyWork();
        api.MapCustomerOfferHistory();
        api.MapWallboard();
        api.MapCluster();
        app.MapInternalCluster();
        app.MapContactCentre();
        app.MapWebUi();
        return app;
    }
}
