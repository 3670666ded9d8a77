using System.Threading.Channels;
using TelecomContactCenter.Sip.Messages;
using TelecomContactCenter.Sip.Transport;

namespace TelecomContactCenter.Sip.Transactions;

/// <summary>
/// Sends what transactions hand it. A UDP message goes out at once on the caller's thread: <c>sendto</c> does not
/// wait for the peer, so a lock holder or timer callback can afford it, and the message leaves without a hop to
/// another thread. Stream messages, which may wait for a connect or a congested peer, are queued and sent in order
/// from one loop. Thread-safe: the socket allows concurrent sends; the channel takes writers from any thread and
/// has a single reader.
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

    public void SendRequest(SipRequest request, SipPeer destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.IsReliable)
        {
            _queue.Writer.TryWrite((request, destination));
            return;
        }

        try
        {
            var sending = _transports.SendRequestAsync(request, destination, CancellationToken.None);
            if (!sending.IsCompletedSuccessfully)
            {
                Observe(sending.AsTask());
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Sends run on timer and receive threads: nothing may escape. An unreachable peer (ICMP), a stopping
            // stack or a Via that cannot be resolved is a lost message, which the transaction's timers report.
            _transports.Statistics.OnSendFailure();
        }
    }

    public void SendResponse(SipResponse response, SipPeer requestSource)
    {
        ArgumentNullException.ThrowIfNull(requestSource);
        if (requestSource.IsReliable)
        {
            _queue.Writer.TryWrite((response, requestSource));
            return;
        }

        // Socket failures are counted and logged inside; only a DNS lookup for a Via host name makes this
        // asynchronous. Anything else must not escape into the timer or receive thread that answered.
        try
        {
            var sending = _transports.SendResponseAsync(response, requestSource, CancellationToken.None);
            if (!sending.IsCompletedSuccessfully)
            {
                Observe(sending.AsTask());
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _transports.Statistics.OnSendFailure();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private void Observe(Task sending)
    {
        if (sending.IsCompleted)
        {
            if (sending.IsFaulted)
            {
                _transports.Statistics.OnSendFailure();
            }

            return;
        }

        sending.ContinueWith(
            (t, state) => ((SipTransportLayer)state!).Statistics.OnSendFailure(),
            _transports,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
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
