using System.Threading.Channels;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>
/// Queues outbound messages and sends them in order from one loop over the transport layer. Thread-safe: the
/// channel accepts writers from any thread and has a single reader.
/// </summary>
public sealed class SipOutboundSender : ISipOutbound, IAsyncDisposable
{
    private readonly SipTransportLayer _transports;
    private readonly Channel<(SipMessage Message, SipPeer Peer)> _queue =
        Channel.CreateUnbounded<(SipMessage, SipPeer)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public SipOutboundSender(SipTransportLayer transports)
    {
        _transports = transports;
        _loop = SendLoopAsync(_stopping.Token);
    }

    public void SendRequest(SipRequest request, SipPeer destination) => _queue.Writer.TryWrite((request, destination));

    public void SendResponse(SipResponse response, SipPeer requestSource) => _queue.Writer.TryWrite((response, requestSource));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var (message, peer) in _queue.Reader.ReadAllAsync(cancellationToken))
        {
            try
            {
                if (message is SipResponse response)
                {
                    await _transports.SendResponseAsync(response, peer, cancellationToken);
                }
                else
                {
                    await _transports.SendRequestAsync((SipRequest)message, peer, cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Loop edge: a failed send (unreachable peer, refused connection) must not stop later sends;
                // the transaction's timers report the loss.
                _transports.Statistics.OnSendFailure();
            }
        }
    }
}
