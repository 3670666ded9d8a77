#!/usr/bin/env python3
"""Writes the caller's RTP as a pcap for sipp's play_pcap_audio: 20 ms A-law packets (PT 8, a 440 Hz tone),
then key DIGIT as an RFC 4733 event (PT 101) at AT seconds, then audio again up to SECONDS in all; one SSRC,
sequence numbers and timestamps continuous. Usage: make-pcap.py OUT SECONDS AT DIGIT"""
import math
import struct
import sys

out, seconds, at, digit = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])


def alaw(sample):
    # G.711 A-law of a 16-bit linear sample.
    sign = 0x80 if sample >= 0 else 0
    magnitude = min(abs(sample), 32635) >> 3
    if magnitude < 32:
        code = magnitude >> 1
    else:
        exponent = magnitude.bit_length() - 5
        code = (exponent << 4) | ((magnitude >> exponent) & 0x0F)
    return (code | sign) ^ 0x55


tone = bytes(alaw(int(8000 * math.sin(2 * math.pi * 440 * n / 8000))) for n in range(8000))
records = []
sequence, timestamp, clock, ssrc = 1000, 160000, 0.0, 0x5EED0001


def rtp(payload_type, marker, ts, payload):
    global sequence
    header = struct.pack("!BBHII", 0x80, (0x80 if marker else 0) | payload_type, sequence & 0xFFFF, ts & 0xFFFFFFFF, ssrc)
    sequence += 1
    return header + payload


def audio_until(end):
    global clock, timestamp
    while clock < end - 1e-9:
        offset = (timestamp % 8000)
        payload = (tone[offset:] + tone)[:160]
        records.append((clock, rtp(8, False, timestamp, payload)))
        clock += 0.02
        timestamp += 160


audio_until(at)
# Key press: 8 packets of 20 ms (duration growing), then the end packet three times (RFC 4733 §2.5.1.4).
event_ts = timestamp
for i in range(1, 9):
    records.append((clock, rtp(101, i == 1, event_ts, struct.pack("!BBH", digit, 10, 160 * i))))
    clock += 0.02
for _ in range(3):
    records.append((clock, rtp(101, False, event_ts, struct.pack("!BBH", digit, 0x80 | 10, 160 * 8))))
timestamp += 160 * 8
audio_until(seconds)

with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for when, packet in records:
        udp = struct.pack("!HHHH", 6000, 6000, 8 + len(packet), 0) + packet
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1])) + udp
        frame = b"\x00" * 12 + b"\x08\x00" + ip
        micros = int(round(when * 1e6))
        f.write(struct.pack("<IIII", micros // 1000000, micros % 1000000, len(frame), len(frame)))
        f.write(frame)
