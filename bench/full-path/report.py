#!/usr/bin/env python3
"""Reads the full-path bench's logs. Modes:
  sipp-ok STAT.csv                          successful calls of a sipp run
  step DIR RINGS POPS CALLS LOAD LABEL      one table row for the caller sipp run in DIR
  relayed SERVER_LOG DIR RINGS TALK_MS      the server's own relay counters for the calls of DIR
  section                                   the Markdown section, from the run's JSON on standard input"""
import csv
import json
import re
import sys


def sipp_totals(path):
    rows = list(csv.reader(open(path), delimiter=";"))
    head, last = rows[0], rows[-1]
    return int(last[head.index("SuccessfulCall(C)")]), int(last[head.index("FailedCall(C)")])


def stamped(path, kind):
    """{id: first time in ms} from lines KIND;id;...;s;us (sipp) or POP;id;agent;ms (desktops)."""
    times = {}
    for line in open(path, errors="replace"):
        parts = line.strip().split(";")
        if len(parts) < 4 or parts[0] != kind:
            continue
        key = parts[1].strip()
        at = float(parts[3]) if kind == "POP" else float(parts[2]) * 1000 + float(parts[3]) / 1000
        times.setdefault(key, at)
    return times


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, -(-len(values) * p // 100) - 1))]


def step(directory, rings_path, pops_path, calls, load, label):
    ok, failed = sipp_totals(f"{directory}/stat.csv")
    invites = stamped(f"{directory}/invites.log", "INVITE")
    rings, pops = stamped(rings_path, "RING"), stamped(pops_path, "POP")
    ring = [rings[c] - t for c, t in invites.items() if c in rings]
    pop = [pops[c] - t for c, t in invites.items() if c in pops]
    no_ring, no_pop = len(invites) - len(ring), len(invites) - len(pop)
    any_failed = max(calls - ok, failed, no_ring, no_pop)
    print(f"| {label} | {calls} | {ok} | {any_failed} | {failed} | {no_ring} | {no_pop} | "
          f"{percentile(ring, 50):.1f} / {percentile(ring, 99):.1f} | {percentile(pop, 50):.1f} / {percentile(pop, 99):.1f} | {load} |")


def relayed(server_log, directory, rings_path, talk_ms):
    invites = stamped(f"{directory}/invites.log", "INVITE")
    rings = stamped(rings_path, "RING")
    ended = re.compile(r"Call (\S+) ended by the \w+: (\d+) RTP packets relayed to the agent, (\d+) to the caller")
    total = 0
    for line in open(server_log, errors="replace"):
        m = ended.search(line)
        if m and m.group(1) in invites:
            total += int(m.group(2)) + int(m.group(3))
    # Bridged seconds per call: from the agent's ring + its 300 ms answer delay to the caller's BYE (INVITE + TALK_MS).
    seconds = sum(max(0.0, (t + talk_ms - rings[c] - 300) / 1000) for c, t in invites.items() if c in rings)
    print(f"{total} packets over {seconds:.0f} bridged call-seconds = {total / seconds if seconds else float('nan'):.1f} packets/s per bridged call")


def section(run):
    tick = run["tick"]
    window = run["relay_window"]
    packets = run["relay_bridged"] * 100 * window
    per_packet = lambda ticks, n: ticks / tick * 1e6 / n if n else float("nan")
    ours_raw = per_packet(run["relay_ticks"], packets)
    ours_net = per_packet(run["relay_ticks"] - run["idle_ticks"], packets)
    # The load counts from its window start to its stop, a little longer than the CPU window: packets at the
    # counted rate over the CPU window.
    rtpe_packets = round(run["rtpe_packets"] * window / run["rtpe_seconds"]) if run["rtpe_seconds"] else 0
    rtpe_raw = per_packet(run["rtpe_ticks"], rtpe_packets)
    rtpe_net = per_packet(run["rtpe_ticks"] - run["rtpe_idle_ticks"], rtpe_packets)
    memory = (run["relay_rss"] - run["idle_rss"]) / run["relay_bridged"] if run["relay_bridged"] else float("nan")
    _, wrapups, errors = run["desktops"].split(";")
    out = []
    w = out.append
    w(f"## Full call path: caller -> IVR (key) -> queue -> agent phone + desktop -> RTP relay -> BYE ({run['date']})")
    w("")
    w(f"Machine: {run['cores']} cores, {run['cpu']}. **Taken on a loaded box**: the machine was shared with other work; load")
    w(f"average {run['load_start']} at the start and {run['load_end']} at the end (1/5/15 min), so every number here")
    w("includes waiting for a core; only runs taken back to back on the same box compare.")
    w(f"Commit: {run['commit']}. Run by `bench/full-path/run.sh` (AGENTS={run['agents']} RATES=\"{run['rates']}\" "
      f"STEP_SECONDS={run['step_seconds']} TALK_MS={run['talk_ms']} RELAY_CALLS={run['relay_calls']} RELAY_WINDOW={run['relay_window']}).")
    w("")
    w("Setup: the server (Release, SQLite, demo population, `DemoData:BenchAgents`, log level Warning with the bridge's")
    w("Information lines) serves `bench/full-path/flow.json` on 19000: the main line's menu prompt (barge-in) with key 4")
    w("to the general queue and its queue prompt. Callers: sipp " + run["sipp_version"] + " (`caller.xml`), a random demo customer")
    w("in From and P-Asserted-Identity, A-law + telephone-event offered, after the ACK `caller.pcap` (a 440 Hz tone at")
    w("50 packets/s, key 4 as RFC 4733 at 1 s, the tone again), BYE TALK_MS after the ACK. Agents: one sipp UAS")
    w(f"(`agent.xml`) on which all {run['agents']} bench agents register with digest (`register.xml`); it answers 180, 200")
    w("after 300 ms, echoes RTP back (`-rtp_echo`), answers the BYE the server forwards. Desktops: one")
    w("@microsoft/signalr client per agent (`desktops.mjs`, node): Available, then on each call's WrapUp an outcome per")
    w(f"offer, a disposition and CompleteWrapUp (in the run: {wrapups} wrap-ups completed, {errors} refused).")
    w("Each rate places rate x STEP_SECONDS calls after 5 warm-up calls; the sweep stops at the first step with a failure.")
    w("")
    w("| rate (calls/s) | calls | completed (sipp) | failed (any) | failed (sipp) | without agent ring | without pop | INVITE -> agent ring p50 / p99 (ms) | INVITE -> screen pop p50 / p99 (ms) | load at start |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    out.extend(run["table"].rstrip("\n").split("\n"))
    w("")
    top = run["rates"].split()[-1]
    best = f"{run['best']} calls/s" + (" (the top of the sweep: the ceiling is higher)" if str(run["best"]) == top else "")
    w(f"- **Highest sustained rate with 0 failed calls: {best}** (a call counts as failed when sipp")
    w("  failed it, or it never rang an agent's phone, or no desktop got its pop).")
    w("- INVITE -> screen pop: from the caller sipp's clock just before it sends the INVITE (`gettimeofday`, logged")
    w("  with the Call-ID) to the desktop's `ScreenPop` handler (`performance.timeOrigin + performance.now()`, keyed by")
    w("  the pop's callId, which is the caller's Call-ID); one machine, one wall clock. Inside: the IVR's answer, the")
    w("  menu until the key (sent 1 s after the ACK), the queue, the offer. So it is dominated by the caller's 1 s.")
    w("- INVITE -> agent ring: the same start to the agents' sipp taking the server's INVITE off its socket")
    w("  (`gettimeofday` in the recv action, keyed by the INVITE's X-Call-Id). Both include the 1 s before the key.")
    w("")
    w(f"Relay and memory ({run['relay_calls']} calls placed at 2/s and held; {run['relay_bridged']} bridged;"
      f" {run['relay_ended_in_window']} ended inside the window):")
    w("")
    w("| relay | packets relayed in the window | CPU in the window (s) | CPU per packet (us) | CPU per packet less idle (us) | memory per bridged call (KiB RSS) |")
    w("|---|---|---|---|---|---|")
    w(f"| ours | {packets} (computed) | {run['relay_ticks'] / tick:.2f} (idle: {run['idle_ticks'] / tick:.2f}) | {ours_raw:.1f} | {ours_net:.1f} | {memory:.0f} |")
    w(f"| rtpengine {run['rtpe_version']} (userspace) | {rtpe_packets} (counted: {run['rtpe_packets']} in {run['rtpe_seconds']:.1f} s) | {run['rtpe_ticks'] / tick:.2f} (idle: {run['rtpe_idle_ticks'] / tick:.2f}) | {rtpe_raw:.1f} | {rtpe_net:.1f} | - |")
    w("")
    ratio = ours_net / rtpe_net if rtpe_net > 0 else float("nan")
    w(f"- CPU per relayed packet, ours / rtpengine (less idle): **{ratio:.1f}x**.")
    w(f"- Ours: the server process's user + system time from `/proc/<pid>/stat` over a {window} s window while every")
    w("  relay call is bridged (each relays the caller's 50 packets/s to the agent and the agent's 50 echoed packets/s")
    w("  back: 100 relayed packets/s per call, so packets = bridged calls x 100 x window). \"Less idle\" subtracts the")
    w(f"  server's CPU over an equal window with the desktops connected and no call. The server's own counters agree:")
    w(f"  {run['packet_check']} (from its per-call `ended by` log lines; bridged time estimated from the ring, the 300 ms")
    w("  answer delay and the caller's BYE). Everything the process does while relaying is inside: RTCP, timers, GC,")
    w("  SignalR keep-alives.")
    w(f"- rtpengine: `rtpengine --table=-1` (no kernel forwarding, {run['cores']} worker threads), {run['relay_calls']} calls set up")
    w("  over its ng protocol (`rtpengine-load.py`: offer/answer with the same SDP as the sipp legs), the same 50")
    w("  packets/s of 172 bytes from each caller and an echo at each agent; packets counted as received by the agents")
    w("  and callers inside the window; its CPU time from `/proc/<pid>/stat` over the same window length.")
    w("- Memory per bridged call: the server's VmRSS (mean of two samples inside the window) less VmRSS before the relay")
    w("  calls, over the bridged calls. The server runs Server GC, so RSS includes heap headroom; a few calls give a coarse figure.")
    w(f"- Warm-up (excluded): {run['warmup']}")
    w("")
    w("Not measured yet: audio quality or jitter through the relay (packets are counted, not timed), calls/s beyond the")
    w("agents' capacity (every call is answered; a larger AGENTS moves the ceiling), TCP/TLS signalling, SRTP, and")
    w("rtpengine's own signalling cost (the proxy that would drive it is not in the path).")
    w("")
    w("Commands:")
    w("```")
    w("bench/full-path/run.sh")
    w("sipp 127.0.0.1:<sip> -sf bench/full-path/agent.xml -i 127.0.0.1 -p <agent port> -mp <media> -rtp_echo -trace_logs")
    w("sipp 127.0.0.1:<sip> -sf bench/full-path/register.xml -inf agent.csv -set agent_port <agent port> -au benchagent<N> -ap <password> -m 1   # per agent")
    w("node bench/full-path/desktops.mjs http://127.0.0.1:<http> <AGENTS> <password> pops.log")
    w("sipp 127.0.0.1:<sip> -sf bench/full-path/caller.xml -s 19000 -inf callers.csv -r <rate> -m <calls> -d <TALK_MS> -l 2000 \\")
    w("     -i 127.0.0.1 -p <port> -mp <port> -trace_stat -trace_logs    # caller.pcap from make-pcap.py in the working directory")
    w("rtpengine --config-file=none --foreground --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:<ng> \\")
    w("     --port-min=<p> --port-max=<p+999> --num-threads=<cores>")
    w("python3 bench/full-path/rtpengine-load.py <ng> <RELAY_CALLS> 5")
    w("```")
    print("\n".join(out))


mode = sys.argv[1]
if mode == "sipp-ok":
    print(sipp_totals(sys.argv[2])[0])
elif mode == "step":
    step(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6], sys.argv[7])
elif mode == "relayed":
    relayed(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
elif mode == "section":
    section(json.load(sys.stdin))
