using TelecomContactCenter.Media.Codecs;
using TelecomContactCenter.Media.Rtp;

namespace TelecomContactCenter.Media.Relay;

/// <summary>
/// Bridges a caller leg and an agent leg. Each leg's far end sees one continuous stream from that leg's own
/// session: our SSRC, our sequence numbers, and timestamps shifted onto our timeline, so switching from a
/// prompt to the agent's voice (or the agent's phone restarting its stream) needs no re-INVITE. Audio is
/// transcoded between µ-law and A-law when the legs differ; telephone-events get the other leg's payload type.
/// Addresses latch in each <see cref="RtpSession"/>. Thread-safe: each direction is driven only by its source
/// session's receive loop.
/// </summary>
public sealed class RtpRelay : IDisposable
{
    private readonly RtpSession _caller;
    private readonly RtpSession _agent;
    private readonly Direction _toAgent;
    private readonly Direction _toCaller;

    public RtpRelay(RtpSession caller, AudioFormat callerFormat, RtpSession agent, AudioFormat agentFormat)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agent);
        _caller = caller;
        _agent = agent;
        _toAgent = new Direction(callerFormat, agent, agentFormat);
        _toCaller = new Direction(agentFormat, caller, callerFormat);
        _caller.PacketReceived += _toAgent.Forward;
        _agent.PacketReceived += _toCaller.Forward;
    }

    public long ForwardedToAgent => _toAgent.Forwarded;

    public long ForwardedToCaller => _toCaller.Forwarded;

    public void Dispose()
    {
        _caller.PacketReceived -= _toAgent.Forward;
        _agent.PacketReceived -= _toCaller.Forward;
    }

    private sealed class Direction(AudioFormat from, RtpSession target, AudioFormat to)
    {
        private readonly byte[] _buffer = new byte[1500];
        private uint? _sourceSsrc;
        private uint _timestampOffset;
        private long _forwarded;

        public long Forwarded => Interlocked.Read(ref _forwarded);

        public void Forward(RtpSession source, RtpPacket packet)
        {
            var isAudio = packet.PayloadType == from.AudioPayloadType;
            var isEvent = from.TelephoneEventPayloadType is { } eventType && packet.PayloadType == eventType;
            if (!isAudio && !(isEvent && to.TelephoneEventPayloadType is not null))
            {
                return; // comfort noise and anything unnegotiated stays on its own leg
            }

            var marker = packet.Marker;
            if (_sourceSsrc != packet.Ssrc)
            {
                // A new source: start it where our stream to this leg stands now (over any silence), as a new talkspurt.
                _sourceSsrc = packet.Ssrc;
                _timestampOffset = target.CatchUpTimestamp() - packet.Timestamp;
                marker = true;
            }

            var timestamp = packet.Timestamp + _timestampOffset;
            if (isEvent)
            {
                target.SendPacket(to.TelephoneEventPayloadType!.Value, packet.Payload, timestamp, marker);
            }
            else
            {
                var payload = packet.Payload;
                if (from.Law != to.Law)
                {
                    G711.Transcode(from.Law, to.Law, payload, _buffer);
                    payload = _buffer.AsSpan(0, payload.Length);
                }

                target.SendPacket(to.AudioPayloadType, payload, timestamp, marker, (uint)payload.Length);
            }

            Interlocked.Increment(ref _forwarded);
        }
    }
}
