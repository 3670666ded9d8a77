using TelecomContactCenter.Sip.Dialogs;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Parsing;

namespace TelecomContactCenter.Sip.Tests.Dialogs;

public sealed class SipDialogTests
{
    private static SipRequest InviteThroughProxies() => (SipRequest)SipParser.ParseMessage(
        "INVITE sip:10000@cc.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP p2.example.com;branch=z9hG4bKp2\r\nVia: SIP/2.0/UDP uac.example.net;branch=z9hG4bKu\r\n" +
        "Record-Route: <sip:p2.example.com;lr>\r\nRecord-Route: <sip:p1.example.com;lr>\r\n" +
        "From: \"Caller\" <sip:caller@example.net>;tag=ft\r\nTo: <sip:10000@cc.example.com>\r\n" +
        "Call-ID: d1@example.net\r\nCSeq: 7 INVITE\r\nContact: <sip:caller@192.0.2.7:5062>\r\nContent-Length: 0\r\n\r\n");

    [Fact]
    public void CreateAsServer_Invite_TakesRouteSetInOrderAndContactAsTarget()
    {
        var dialog = SipDialog.CreateAsServer(InviteThroughProxies(), "lt");

        Assert.Equal(new DialogId("d1@example.net", "lt", "ft"), dialog.Id);
        Assert.Equal(["p2.example.com", "p1.example.com"], dialog.RouteSet.Select(r => ((SipUri)r.Uri).Host));
        Assert.Equal("sip:caller@192.0.2.7:5062", dialog.RemoteTarget.ToString());
    }

    [Fact]
    public void CreateRequest_Bye_TargetsContactWithRoutesTagsAndNextCSeq()
    {
        var dialog = SipDialog.CreateAsServer(InviteThroughProxies(), "lt");

        var first = dialog.CreateRequest(SipMethod.Bye);
        var second = dialog.CreateRequest(SipMethod.Info);

        Assert.Equal("sip:caller@192.0.2.7:5062", first.RequestUri.ToString());
        Assert.Equal(["<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"], first.Headers.GetLines("Route"));
        Assert.Equal("lt", first.From!.Tag);
        Assert.Equal("ft", first.To!.Tag);
        Assert.Equal(new SipCSeq(1, "BYE"), first.CSeq);
        Assert.Equal(new SipCSeq(2, "INFO"), second.CSeq);
    }

    [Fact]
    public void CreateAsClient_Response_ReversesRecordRoute()
    {
        var invite = InviteThroughProxies();
        var ok = SipResponse.CreateFor(invite, 200, toTag: "rt");
        ok.Headers.Add("Record-Route", "<sip:p2.example.com;lr>, <sip:p1.example.com;lr>");
        ok.Headers.Add("Contact", "<sip:agent@192.0.2.50>");

        var dialog = SipDialog.CreateAsClient(invite, ok);
        var ack = dialog.CreateAck(7);

        Assert.Equal(["p1.example.com", "p2.example.com"], dialog.RouteSet.Select(r => ((SipUri)r.Uri).Host));
        Assert.Equal(new SipCSeq(7, "ACK"), ack.CSeq);
        Assert.Equal("sip:agent@192.0.2.50", ack.RequestUri.ToString());
    }

    [Fact]
    public void CreateRequest_StrictRouter_PutsItInRequestUriAndTargetLast()
    {
        var invite = InviteThroughProxies();
        invite.Headers.ReplaceAll("Record-Route", ["<sip:strict.example.com>"]);
        var dialog = SipDialog.CreateAsServer(invite, "lt");

        var bye = dialog.CreateRequest(SipMethod.Bye);

        Assert.Equal("sip:strict.example.com", bye.RequestUri.ToString());
        Assert.Equal("<sip:caller@192.0.2.7:5062>", Assert.Single(bye.Headers.GetLines("Route")));
    }

    [Fact]
    public void TryAcceptRemoteSequence_Lower_Rejected()
    {
        var dialog = SipDialog.CreateAsServer(InviteThroughProxies(), "lt");
        var older = InviteThroughProxies();
        older.CSeq = new SipCSeq(6, "INVITE");
        var newer = InviteThroughProxies();
        newer.CSeq = new SipCSeq(8, "INVITE");

        Assert.False(dialog.TryAcceptRemoteSequence(older));
        Assert.True(dialog.TryAcceptRemoteSequence(newer));
    }
}
