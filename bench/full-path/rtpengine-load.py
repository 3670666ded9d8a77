#!/usr/bin/env python3
"""The relay load of the full-path bench through rtpengine: CALLS calls set up over rtpengine's ng control protocol
(offer with the caller's SDP, answer with the agent's), then each caller sends 20 ms A-law packets (172 bytes, as
caller.pcap) to rtpengine at 50 packets/s and each agent echoes what it gets back to where it came from, as sipp's
-rtp_echo does on the server's run. After WARMUP seconds it prints "WINDOW_START" and waits for a line on standard
input (run.sh reads rtpengine's CPU time around it), then prints "RELAYED;<packets>;<seconds>": packets received
by agents and callers during the window, each one relayed once by rtpengine. Then deletes the calls.
Usage: rtpengine-load.py NG_PORT CALLS WARMUP"""
import os
import random
import selectors
import socket
import sys
import threading
import time

ng_port, calls, warmup = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])


def bencode(value):
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list):
        return b"l" + b"".join(bencode(v) for v in value) + b"e"
    if isinstance(value, dict):
        return b"d" + b"".join(bencode(k) + bencode(value[k]) for k in sorted(value)) + b"e"
    raise TypeError(type(value))


def bdecode(data, i=0):
    c = data[i:i + 1]
    if c == b"i":
        end = data.index(b"e", i)
        return int(data[i + 1:end]), end + 1
    if c == b"l":
        i, items = i + 1, []
        while data[i:i + 1] != b"e":
            item, i = bdecode(data, i)
            items.append(item)
        return items, i + 1
    if c == b"d":
        i, items = i + 1, {}
        while data[i:i + 1] != b"e":
            key, i = bdecode(data, i)
            items[key.decode()], i = bdecode(data, i)
        return items, i + 1
    colon = data.index(b":", i)
    length = int(data[i:colon])
    return data[colon + 1:colon + 1 + length], colon + 1 + length


control = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
control.settimeout(5)


def ng(command):
    cookie = "%x" % random.getrandbits(48)
    control.sendto(cookie.encode() + b" " + bencode(command), ("127.0.0.1", ng_port))
    while True:
        reply = control.recv(65535)
        head, _, body = reply.partition(b" ")
        if head.decode() == cookie:
            answer, _ = bdecode(body)
            if answer.get("result") != b"ok":
                raise SystemExit(f"rtpengine refused {command['command']}: {answer}")
            return answer


def sdp(port, session):
    return ("v=0\r\no=- %d 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            "m=audio %d RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
            "a=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n") % (session, port)


def media_port(description):
    for line in description.decode().splitlines():
        if line.startswith("m=audio "):
            return int(line.split()[1])
    raise SystemExit("no audio line in rtpengine's SDP")


def bound():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.setblocking(False)
    return s


legs = []  # (caller socket, rtpengine port facing the caller)
agents = []
for n in range(calls):
    caller, agent = bound(), bound()
    call_id = f"fullpath-{os.getpid()}-{n}"
    offer = ng({"command": "offer", "call-id": call_id, "from-tag": "caller", "sdp": sdp(caller.getsockname()[1], n)})
    answer = ng({"command": "answer", "call-id": call_id, "from-tag": "caller", "to-tag": "agent",
                 "sdp": sdp(agent.getsockname()[1], n)})
    # The offer rewritten for the agent names the port the agent sends to; the answer rewritten for the caller
    # names the port the caller sends to.
    agent.connect(("127.0.0.1", media_port(offer["sdp"])))
    legs.append((caller, media_port(answer["sdp"])))
    agents.append(agent)

selector = selectors.DefaultSelector()
for caller, _ in legs:
    selector.register(caller, selectors.EVENT_READ, "caller")
for agent in agents:
    selector.register(agent, selectors.EVENT_READ, "agent")

counted = [0]
counting = [False]
stop = [False]
payload = bytes(160)


def pump():
    sequence, timestamp = 0, 0
    next_tick = time.monotonic()
    while not stop[0]:
        now = time.monotonic()
        if now >= next_tick:
            for i, (caller, port) in enumerate(legs):
                header = bytes([0x80, 8]) + (sequence & 0xFFFF).to_bytes(2, "big") + (timestamp & 0xFFFFFFFF).to_bytes(4, "big") + (0x1000 + i).to_bytes(4, "big")
                try:
                    caller.sendto(header + payload, ("127.0.0.1", port))
                except BlockingIOError:
                    pass
            sequence, timestamp = sequence + 1, timestamp + 160
            next_tick += 0.02
            continue
        for key, _ in selector.select(timeout=max(0.0, next_tick - now)):
            while True:
                try:
                    data = key.fileobj.recv(2048)
                except BlockingIOError:
                    break
                if counting[0]:
                    counted[0] += 1
                if key.data == "agent":
                    try:
                        key.fileobj.send(data)
                    except BlockingIOError:
                        pass


thread = threading.Thread(target=pump, daemon=True)
thread.start()
time.sleep(warmup)
counted[0] = 0
counting[0] = True
started = time.monotonic()
print("WINDOW_START", flush=True)
sys.stdin.readline()
counting[0] = False
elapsed = time.monotonic() - started
print(f"RELAYED;{counted[0]};{elapsed:.3f}", flush=True)
stop[0] = True
thread.join()
for n in range(calls):
    ng({"command": "delete", "call-id": f"fullpath-{os.getpid()}-{n}", "from-tag": "caller"})
