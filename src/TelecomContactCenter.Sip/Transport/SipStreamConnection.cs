using System.Net;
using Microsoft.Extensions.Logging;

namespace TelecomContactCenter.Sip.Transport;

/// <summary>
/// One stream connection (TCP now, TLS later over SslStream): frames inbound messages and serialises sends.
/// Thread-safe: sends are serialised by a semaphore; only the read loop reads.
/// </summary>
internal sealed class SipStreamConnection(long id, string transport, Stream stream, IPEndPoint remote, TimeProvider time, ILogger logger)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private long _lastActivity = time.GetTimestamp();

    /// <summary>Time since the last octet was read or written.</summary>
    public TimeSpan Idle => time.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public long Id { get; } = id;

    public SipPeer Peer { get; } = new(transport, remote, id);

    public async Task ReadLoopAsync(SipDataReceived onReceived, int maxMessageSize, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var filled = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxMessageSize + 4096));
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                Interlocked.Exchange(ref _lastActivity, time.GetTimestamp());
                while (true)
                {
                    var status = SipStreamFramer.TryFrame(buffer.AsSpan(0, filled), maxMessageSize, out var skip, out var length);
                    if (status == SipFrameStatus.Invalid)
                    {
                        // Framing is lost once Content-Length cannot be trusted; the only safe move is to close.
                        SipTransportLog.MalformedDropped(logger, Peer, "Unframeable stream data");
                        return;
                    }

                    if (skip >= 4 && buffer.AsSpan(0, skip).IndexOf("\r\n\r\n"u8) >= 0)
                    {
                        // RFC 5626 §3.5.1: a double-CRLF ping keeps a phone's flow open; it is answered with a single
                        // CRLF pong, so the phone knows the flow still reaches us.
                        await SendAsync(Pong, cancellationToken);
                    }

                    var consumed = skip + (status == SipFrameStatus.Frame ? length : 0);
                    if (status == SipFrameStatus.Frame)
                    {
                        await onReceived(buffer.AsMemory(skip, length).ToArray(), Peer, cancellationToken);
                    }

                    if (consumed > 0)
                    {
                        buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                        filled -= consumed;
                    }

                    if (status == SipFrameStatus.NeedMoreData)
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or we are stopping; either way this connection is finished.
        }
        finally
        {
            SipTransportLog.ConnectionClosed(logger, transport, Id, remote);
        }
    }

    private static readonly ReadOnlyMemory<byte> Pong = "\r\n"u8.ToArray();

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await stream.WriteAsync(data, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            Interlocked.Exchange(ref _lastActivity, time.GetTimestamp());
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes the stream so the read loop ends; the owner then disposes the connection.</summary>
    public void Close() => stream.Dispose();

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        _sendLock.Dispose();
    }
}
