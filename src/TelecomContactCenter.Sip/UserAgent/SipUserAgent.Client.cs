using System.Net;
using TelecomContactCenter.Sip.Dialogs;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transactions;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.UserAgent;

public sealed partial class SipUserAgent
{
    /// <summary>
    /// Sends a request in a client transaction and returns its final response. Via, Contact (INVITE) and
    /// User-Agent are added when missing. An answered INVITE is acknowledged here and becomes a
    /// <see cref="SipCall"/>; cancelling <paramref name="cancellationToken"/> before the answer sends CANCEL
    /// and returns the INVITE's final response (normally 487).
    /// </summary>
    public async Task<SipRequestResult> SendRequestAsync(
        SipRequest request, SipPeer destination, IProgress<SipResponse>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destination);
        Prepare(request, destination.Transport);
        destination = AvoidUdpFragmentation(request, destination);
        var completion = new TaskCompletionSource<SipRequestResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new Lock();
        SipCall? call = null;
        _transactions.SendRequest(request, destination, (_, response) =>
        {
            if (response.IsProvisional)
            {
                progress?.Report(response);
                return;
            }

            if (request.IsInvite && response.IsSuccess)
            {
                lock (gate)
                {
                    call ??= CreateClientCall(request, response, destination);
                }

                SendAck(call, request.CSeq!.Value.Number, destination);
                completion.TrySetResult(new SipRequestResult(response, call));
                return;
            }

            completion.TrySetResult(new SipRequestResult(response, null));
        });

        await using var registration = cancellationToken.Register(() =>
        {
            if (request.IsInvite)
            {
                SendCancel(request, destination);
            }
            else
            {
                completion.TrySetCanceled(cancellationToken);
            }
        });
        return await completion.Task;
    }

    /// <summary>Builds a new out-of-dialog request with fresh Call-ID and From tag (§8.1.1).</summary>
    public SipRequest CreateRequest(string method, AddressUri target, NameAddress from, NameAddress to, string transport)
    {
        ArgumentNullException.ThrowIfNull(from);
        var contact = _addresses.CreateContactUri(transport, null);
        var request = SipRequest.Create(method, target, from.Tag is null ? from.WithTag(SipIdentifiers.NewTag()) : from, to,
            SipIdentifiers.NewCallId(contact.Host), 1);
        Prepare(request, transport);
        return request;
    }

    internal async Task<SipResponse> SendInDialogAsync(SipCall call, SipRequest request, CancellationToken cancellationToken)
    {
        var result = await SendRequestAsync(request, ResolveTarget(call), null, cancellationToken);
        return result.FinalResponse;
    }

    /// <summary>
    /// A re-INVITE's client transaction (§14.1): its 2xx is acknowledged within the existing dialog instead of
    /// creating a new call; retransmitted 2xx responses reach <see cref="OnStrayResponse"/> and are acknowledged there.
    /// </summary>
    internal async Task<SipResponse> SendReInviteAsync(SipCall call, SipRequest request, CancellationToken cancellationToken)
    {
        var destination = ResolveTarget(call);
        Prepare(request, destination.Transport);
        var completion = new TaskCompletionSource<SipResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _transactions.SendRequest(request, destination, (_, response) =>
        {
            if (response.IsProvisional)
            {
                return;
            }

            if (response.IsSuccess)
            {
                SendAck(call, request.CSeq!.Value.Number, destination);
            }

            completion.TrySetResult(response);
        });
        return await completion.Task.WaitAsync(cancellationToken);
    }

    private void Prepare(SipRequest request, string transport)
    {
        if (request.TopVia is null)
        {
            request.Headers.AddFirst(SipHeaderNames.Via, _addresses.CreateVia(transport, SipIdentifiers.NewBranch()).ToString());
        }

        if (request.IsInvite && !request.Headers.Contains(SipHeaderNames.Contact))
        {
            request.Headers.Add(SipHeaderNames.Contact, new NameAddress(_addresses.CreateContactUri(transport, null)).ToString());
        }

        if (!request.Headers.Contains(SipHeaderNames.UserAgent))
        {
            request.Headers.Add(SipHeaderNames.UserAgent, _productName);
        }
    }

    /// <summary>
    /// §18.1.1: a request within 200 octets of the 1500-octet path MTU goes over TCP instead of UDP, keeping
    /// its branch. ACK and CANCEL follow the INVITE, so they are never switched on their own.
    /// </summary>
    private SipPeer AvoidUdpFragmentation(SipRequest request, SipPeer destination)
    {
        const int UdpLimit = 1300;
        if (destination.Transport != SipTransportNames.Udp || request.Method is SipMethod.Ack or SipMethod.Cancel
            || request.ToBytes().Length <= UdpLimit)
        {
            return destination;
        }

        var via = request.TopVia!;
        request.SetTopVia(_addresses.CreateVia(SipTransportNames.Tcp, via.Branch!));
        return destination with { Transport = SipTransportNames.Tcp, ConnectionId = null };
    }

    private SipCall CreateClientCall(SipRequest invite, SipResponse response, SipPeer destination)
    {
        var dialog = SipDialog.CreateAsClient(invite, response);
        dialog.Confirm();
        var call = new SipCall(this, dialog, invite, destination, null);
        if (!invite.Body.IsEmpty)
        {
            // Our offer is the local description a later re-INVITE from the peer is answered with by default.
            call.RememberLocalBody(invite.Body, invite.ContentType ?? "application/sdp");
        }

        _calls[dialog.Id] = call;
        return call;
    }

    /// <summary>The ACK for a 2xx is its own transaction (§13.2.2.4): new branch, sent for every 2xx received.</summary>
    private void SendAck(SipCall call, long inviteSequence, SipPeer destination)
    {
        var ack = call.Dialog.CreateAck(inviteSequence);
        ack.Headers.AddFirst(SipHeaderNames.Via, _addresses.CreateVia(destination.Transport, SipIdentifiers.NewBranch()).ToString());
        _transactions.SendStateless(ack, destination);
    }

    /// <summary>CANCEL (§9.1): same Request-URI, Call-ID, From, To, top Via and CSeq number as the INVITE.</summary>
    private void SendCancel(SipRequest invite, SipPeer destination)
    {
        var cancel = new SipRequest(SipMethod.Cancel, invite.RequestUri);
        cancel.Headers.Add(SipHeaderNames.Via, invite.Headers.GetValues(SipHeaderNames.Via)[0]);
        cancel.Headers.Add(SipHeaderNames.MaxForwards, "70");
        cancel.Headers.Add(SipHeaderNames.From, invite.Headers.Get(SipHeaderNames.From)!);
        cancel.Headers.Add(SipHeaderNames.To, invite.Headers.Get(SipHeaderNames.To)!);
        cancel.Headers.Add(SipHeaderNames.CallId, invite.CallId!);
        cancel.Headers.Add(SipHeaderNames.CSeq, new SipCSeq(invite.CSeq!.Value.Number, SipMethod.Cancel).ToString());
        foreach (var route in invite.Headers.GetLines(SipHeaderNames.Route))
        {
            cancel.Headers.Add(SipHeaderNames.Route, route);
        }

        _transactions.SendRequest(cancel, destination, (_, _) => { });
    }

    /// <summary>In-dialog requests go to the first route or the remote target; to the original peer when
    /// neither is an IP literal, and over the original connection when the address is the same. On a stream
    /// transport the original connection is kept for any port of the same host: a phone registered over TLS or TCP
    /// connected from an ephemeral port, listens on another, and behind NAT is reached only over its own connection
    /// (RFC 3261 §18, RFC 5626 §5.3).</summary>
    private static SipPeer ResolveTarget(SipCall call)
    {
        var next = call.Dialog.RouteSet.Count > 0 ? call.Dialog.RouteSet[0].Uri : call.Dialog.RemoteTarget;
        if (next is not SipUri uri || !IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
        {
            return call.Peer;
        }

        var endPoint = new IPEndPoint(address, uri.Port ?? ViaStamping.DefaultPortFor(call.Peer.Transport));
        if (endPoint.Equals(call.Peer.RemoteEndPoint))
        {
            return call.Peer;
        }

        // The transport uses the connection while it is open and connects to the target once it has closed.
        var sameHost = call.Peer.IsReliable && address.Equals(call.Peer.RemoteEndPoint.Address);
        return call.Peer with { RemoteEndPoint = endPoint, ConnectionId = sameHost ? call.Peer.ConnectionId : null };
    }
}
