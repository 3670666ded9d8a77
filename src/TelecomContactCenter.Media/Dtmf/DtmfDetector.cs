namespace TelecomContactCenter.Media.Dtmf;

/// <summary>
/// Turns one stream's telephone-event packets into digits. An event is identified by its RTP timestamp
/// (RFC 4733 §2.5.2.1), so the digit is reported on the first packet seen with a new timestamp, whichever it
/// is: the start, an update, or the end when everything before it was lost. Every later packet with that
/// timestamp (updates of a long press, the three end packets, late copies) is absorbed. Not thread-safe: the
/// stream's receive loop owns it.
/// </summary>
public sealed class DtmfDetector
{
    private uint? _ssrc;
    private uint _timestamp;
    private bool _haveEvent;
    private byte _event;
    private bool _ended;
    private ushort _duration;

    /// <summary>Returns the digit when this packet begins a new DTMF event, else null.</summary>
    public char? Process(uint ssrc, uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (!TelephoneEvent.TryRead(payload, out var e) || TelephoneEvent.ToDigit(e.Event) is not { } digit)
        {
            return null;
        }

        if (_ssrc != ssrc)
        {
            _ssrc = ssrc;
            _haveEvent = false;
        }

        if (_haveEvent)
        {
            var age = (int)(timestamp - _timestamp);
            if (age < 0)
            {
                return null; // a late copy of an earlier event
            }

            if (age == 0)
            {
                _ended |= e.End;
                _duration = Math.Max(_duration, e.Duration);
                return null;
            }

            // RFC 4733 §2.5.1.3: an event longer than the 16-bit duration goes on as a new segment with a new
            // timestamp; it is the same key press.
            if (!_ended && e.Event == _event && _duration == ushort.MaxValue && age == ushort.MaxValue)
            {
                Remember(timestamp, e);
                return null;
            }
        }

        Remember(timestamp, e);
        return digit;
    }

    private void Remember(uint timestamp, TelephoneEvent e)
    {
        _haveEvent = true;
        _timestamp = timestamp;
        _event = e.Event;
        _ended = e.End;
        _duration = e.Duration;
    }
}
