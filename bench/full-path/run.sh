#!/usr/bin/env bash
# Full call path benchmark: customers (sipp, RTP from a pcap) call the IVR, press 4 (RFC 4733), queue, are offered
# to bench agents whose phones (one sipp, digest-registered, RTP echo) answer, talk through the server's RTP relay
# both ways and hang up; the agents' desktops (@microsoft/signalr in node) are connected, get the screen pop and
# complete the wrap-up so the agents are Available again. Stepped rates up to the first step with a failed call;
# then a relay phase (RELAY_CALLS calls held bridged) measures the server's CPU per relayed packet and memory per
# bridged call, and the same relay load goes through rtpengine (userspace forwarding) as the reference. Writes its
# section of docs/benchmarks.md through bench/write-section.sh.
#
# Knobs (environment): AGENTS (70), RATES ("1 2 4 6" calls/s), STEP_SECONDS (30: calls per step = rate x this),
# TALK_MS (8000: the caller hangs up this long after its ACK; IVR, queue, ring and talk are inside),
# RELAY_CALLS (20), RELAY_WINDOW (20 s), WRITE (1: write the docs section; 0 for a trial run), KEEP=1 keeps the
# work directory.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
AGENTS=${AGENTS:-70}
RATES=${RATES:-"1 2 4 6"}
STEP_SECONDS=${STEP_SECONDS:-30}
TALK_MS=${TALK_MS:-8000}
RELAY_CALLS=${RELAY_CALLS:-20}
RELAY_WINDOW=${RELAY_WINDOW:-20}
WRITE=${WRITE:-1}
PASSWORD="ContactCenter!1"
WORK=$(mktemp -d /tmp/full-path-bench.XXXXXX)
PIDS=()

cleanup() {
    local pid
    [[ -f "$WORK/caller-pids" ]] && while read -r pid; do PIDS+=("$pid"); done <"$WORK/caller-pids"
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$HERE/../common.sh"

# cpu_ticks PID: user + system CPU time of the whole process (all threads), in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

ensure_tools() {
    local missing=()
    command -v sipp >/dev/null || missing+=(sip-tester)
    command -v rtpengine >/dev/null || missing+=(rtpengine-daemon)
    command -v sqlite3 >/dev/null || missing+=(sqlite3)
    command -v node >/dev/null || missing+=(nodejs npm)
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        local sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
        $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}"
    fi
    [[ -d "$HERE/node_modules/@microsoft/signalr" ]] || (cd "$HERE" && npm ci --no-audit --no-fund --silent)
}

start_server() {
    log "building the server (Release)"
    COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src || echo "+local changes")
    dotnet build "$ROOT/src/TelecomContactCenter.Server" -c Release -nologo -v q >"$WORK/build.log"
    SIP_PORT=$(free_port); HTTP_PORT=$(free_port)
    # RTP ports below the kernel's ephemeral range (sipp's and node's sockets never take them), at a random offset
    # so that other servers on the machine are unlikely to hold the same ones.
    RTP_MIN=$((20000 + (RANDOM % 10) * 1000)); RTP_MAX=$((RTP_MIN + 999))
    mkdir -p "$WORK/flows" "$WORK/data"
    cp "$HERE/flow.json" "$WORK/flows/"
    log "starting the server: SIP udp 127.0.0.1:$SIP_PORT, HTTP 127.0.0.1:$HTTP_PORT, RTP $RTP_MIN-$RTP_MAX, $AGENTS bench agents"
    local dir="$ROOT/src/TelecomContactCenter.Server/bin/Release/net10.0"
    (cd "$dir" && exec env ASPNETCORE_ENVIRONMENT=Production dotnet TelecomContactCenter.Server.dll \
        --urls="http://127.0.0.1:$HTTP_PORT" \
        --Logging:LogLevel:Default=Warning \
        --Logging:LogLevel:TelecomContactCenter.Server.Bridge.CallBridge=Information \
        --Database:Provider=Sqlite --Database:SqlitePath="$WORK/data/contactcenter.db" \
        --DemoData:BenchAgents="$AGENTS" \
        --Sip:Transport:Address=127.0.0.1 --Sip:Transport:UdpPort="$SIP_PORT" --Sip:Transport:TcpPort=0 \
        --Media:BindAddress=127.0.0.1 --Media:PromptFolder="$ROOT/ivr-flows/prompts" \
        --Media:RtpPorts:MinPort="$RTP_MIN" --Media:RtpPorts:MaxPort="$RTP_MAX" \
        --Ivr:FlowsPath="$WORK/flows" --Telephony:AccessNumbers:19000:Mode=ivr \
        --Agents:DefaultSkills:0=general \
        >"$WORK/server.log" 2>&1) &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    wait_healthy "$HTTP_PORT" "$SERVER_PID" "$WORK/server.log"
}

start_agents() {
    { echo RANDOM; sqlite3 "$WORK/data/contactcenter.db" "SELECT Phone || ';' FROM customer_profiles ORDER BY random() LIMIT 2000;"; } >"$WORK/callers.csv"
    AGENT_PORT=$(free_port); AGENT_MEDIA=$(free_port)
    mkdir -p "$WORK/agent"
    log "agents' phones: one sipp UAS on 127.0.0.1:$AGENT_PORT, RTP echo on $AGENT_MEDIA"
    (cd "$WORK/agent" && exec sipp -sf "$HERE/agent.xml" -i 127.0.0.1 -p "$AGENT_PORT" -mp "$AGENT_MEDIA" -rtp_echo \
        -trace_logs -log_file "$WORK/agent/rings.log" -trace_stat -stf stat.csv -fd 5 -nostdin \
        >sipp.out 2>sipp.err) &
    AGENT_SIPP_PID=$!
    PIDS+=("$AGENT_SIPP_PID")
    mkdir -p "$WORK/register"
    local i registered=0
    for i in $(seq 1 "$AGENTS"); do
        printf 'SEQUENTIAL\nbenchagent%s;\n' "$i" >"$WORK/register/agent.csv"
        (cd "$WORK/register" && sipp "127.0.0.1:$SIP_PORT" -sf "$HERE/register.xml" -inf agent.csv -set agent_port "$AGENT_PORT" \
            -au "benchagent$i" -ap "$PASSWORD" -m 1 -i 127.0.0.1 -p "$(free_port)" -trace_stat -stf "stat-$i.csv" -trace_err \
            -nostdin -timeout 60s >>sipp.out 2>>sipp.err) || true
        registered=$((registered + $(python3 "$HERE/report.py" sipp-ok "$WORK/register/stat-$i.csv")))
    done
    ((registered == AGENTS)) || { log "only $registered of $AGENTS phones registered"; cat "$WORK"/register/*errors* >&2 2>/dev/null; exit 1; }
    log "desktops: $AGENTS @microsoft/signalr clients signing in"
    node "$HERE/desktops.mjs" "http://127.0.0.1:$HTTP_PORT" "$AGENTS" "$PASSWORD" "$WORK/pops.log" >"$WORK/desktops.out" 2>"$WORK/desktops.err" &
    DESKTOPS_PID=$!
    PIDS+=("$DESKTOPS_PID")
    for _ in $(seq 1 600); do
        grep -q READY "$WORK/desktops.out" && return 0
        kill -0 "$DESKTOPS_PID" 2>/dev/null || { cat "$WORK/desktops.err" >&2; exit 1; }
        sleep 1
    done
    log "desktops did not come up"; exit 1
}

# place_calls NAME RATE CALLS TALK_MS: one caller sipp run in $WORK/steps/NAME (its INVITE send times in invites.log).
place_calls() {
    local dir="$WORK/steps/$1" rate=$2 calls=$3 talk=$4
    mkdir -p "$dir"
    python3 "$HERE/make-pcap.py" "$dir/caller.pcap" "$((talk / 1000 + 2))" 1.0 4
    (cd "$dir" && exec sipp "127.0.0.1:$SIP_PORT" -sf "$HERE/caller.xml" -s 19000 -inf "$WORK/callers.csv" -r "$rate" -m "$calls" \
        -d "$talk" -l 2000 -i 127.0.0.1 -p "$(free_port)" -mp "$(free_port)" -trace_stat -stf stat.csv -fd 5 \
        -trace_logs -log_file invites.log -trace_err -nostdin -timeout "$((calls / rate + talk / 1000 + 90))s" \
        >sipp.out 2>sipp.err) &
    local sipp=$!
    echo "$sipp" >>"$WORK/caller-pids" # the relay phase runs this function in the background: cleanup kills these
    wait "$sipp" || true
}

# step RATE: places RATE x STEP_SECONDS calls and prints the report's line for them.
step() {
    local rate=$1 calls=$(($1 * STEP_SECONDS)) load
    load=$(cut -d' ' -f1 /proc/loadavg)
    place_calls "rate-$rate" "$rate" "$calls" "$TALK_MS"
    sleep 3 # the last wrap-ups and pops
    python3 "$HERE/report.py" step "$WORK/steps/rate-$rate" "$WORK/agent/rings.log" "$WORK/pops.log" "$calls" "$load" "$rate"
}

relay_phase() {
    local talk=$(((RELAY_CALLS / 2 + RELAY_WINDOW + 15) * 1000))
    RELAY_TALK_MS=$talk
    log "relay phase: idle baseline over ${RELAY_WINDOW}s"
    sleep 5
    local c0 c1 r0
    c0=$(cpu_ticks "$SERVER_PID"); r0=$(rss_kib "$SERVER_PID"); sleep "$RELAY_WINDOW"; c1=$(cpu_ticks "$SERVER_PID")
    IDLE_TICKS=$((c1 - c0)); IDLE_RSS=$r0
    log "relay phase: $RELAY_CALLS calls at 2/s, held ${talk} ms"
    local bridged_before
    bridged_before=$(grep -c " bridged to " "$WORK/server.log" || true)
    place_calls relay 2 "$RELAY_CALLS" "$talk" &
    local callers=$!
    PIDS+=("$callers")
    for _ in $(seq 1 120); do
        (($(grep -c " bridged to " "$WORK/server.log" || true) - bridged_before >= RELAY_CALLS)) && break
        sleep 1
    done
    sleep 2
    local ended_before b0 b1 rss_a rss_b
    ended_before=$(grep -c " ended by the " "$WORK/server.log" || true)
    RELAY_BRIDGED=$(($(grep -c " bridged to " "$WORK/server.log" || true) - bridged_before))
    b0=$(cpu_ticks "$SERVER_PID"); rss_a=$(rss_kib "$SERVER_PID")
    sleep "$((RELAY_WINDOW / 2))"; rss_b=$(rss_kib "$SERVER_PID"); sleep "$((RELAY_WINDOW - RELAY_WINDOW / 2))"
    b1=$(cpu_ticks "$SERVER_PID")
    RELAY_TICKS=$((b1 - b0)); RELAY_RSS=$(((rss_a + rss_b) / 2))
    RELAY_ENDED_IN_WINDOW=$(($(grep -c " ended by the " "$WORK/server.log" || true) - ended_before))
    wait "$callers" || true
    sleep 3
}

rtpengine_phase() {
    local ng; ng=$(free_port)
    local min=$((RTP_MIN + 5000))
    log "rtpengine $(rtpengine --version 2>&1 | awk '{print $2}') (userspace, --table=-1) on ng 127.0.0.1:$ng"
    rtpengine --config-file=none --foreground --log-stderr --log-level=4 --table=-1 --interface=127.0.0.1 \
        --listen-ng="127.0.0.1:$ng" --port-min="$min" --port-max="$((min + 999))" --num-threads="$(nproc)" \
        >"$WORK/rtpengine.log" 2>&1 &
    RTPENGINE_PID=$!
    PIDS+=("$RTPENGINE_PID")
    sleep 2
    kill -0 "$RTPENGINE_PID" || { cat "$WORK/rtpengine.log" >&2; exit 1; }
    local c0 c1
    c0=$(cpu_ticks "$RTPENGINE_PID"); sleep "$RELAY_WINDOW"; c1=$(cpu_ticks "$RTPENGINE_PID")
    RTPE_IDLE_TICKS=$((c1 - c0))
    mkfifo "$WORK/go"
    python3 "$HERE/rtpengine-load.py" "$ng" "$RELAY_CALLS" 5 <"$WORK/go" >"$WORK/rtpengine-load.out" &
    local load=$!
    PIDS+=("$load")
    exec 3>"$WORK/go"
    for _ in $(seq 1 300); do grep -q WINDOW_START "$WORK/rtpengine-load.out" && break; sleep 0.2; done
    c0=$(cpu_ticks "$RTPENGINE_PID"); sleep "$RELAY_WINDOW"; c1=$(cpu_ticks "$RTPENGINE_PID")
    echo >&3; exec 3>&-
    wait "$load"
    RTPE_TICKS=$((c1 - c0))
    IFS=';' read -r _ RTPE_PACKETS RTPE_SECONDS < <(grep RELAYED "$WORK/rtpengine-load.out")
}

ensure_tools
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
start_server
start_agents
log "warm-up: 5 calls at 1/s"
place_calls warmup 1 5 "$TALK_MS"
sleep 3
WARMUP=$(python3 "$HERE/report.py" step "$WORK/steps/warmup" "$WORK/agent/rings.log" "$WORK/pops.log" 5 - "warm-up 1")
log "warm-up: $WARMUP"

: >"$WORK/table.md"
BEST=0
for rate in $RATES; do
    line=$(step "$rate")
    log "rate $rate/s: $line"
    echo "$line" >>"$WORK/table.md"
    failed=$(echo "$line" | awk -F'|' '{ gsub(/ /, "", $5); print $5 }')
    [[ "$failed" == 0 ]] || break
    BEST=$rate
done

relay_phase
rtpengine_phase
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$DESKTOPS_PID" 2>/dev/null; wait "$DESKTOPS_PID" 2>/dev/null || true
DESKTOP_SUMMARY=$(grep DESKTOPS "$WORK/desktops.out" || echo "DESKTOPS;?;?")
PACKET_CHECK=$(python3 "$HERE/report.py" relayed "$WORK/server.log" "$WORK/steps/relay" "$WORK/agent/rings.log" "$RELAY_TALK_MS")
TICK=$(getconf CLK_TCK)

SECTION=$(python3 "$HERE/report.py" section <<JSON
{"date": "$(date -u +%Y-%m-%d)", "commit": "$COMMIT", "cores": $(nproc), "cpu": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)",
 "load_start": "$LOAD_START", "load_end": "$LOAD_END", "agents": $AGENTS, "rates": "$RATES", "step_seconds": $STEP_SECONDS,
 "talk_ms": $TALK_MS, "relay_calls": $RELAY_CALLS, "relay_window": $RELAY_WINDOW, "best": $BEST, "tick": $TICK,
 "idle_ticks": $IDLE_TICKS, "idle_rss": $IDLE_RSS, "relay_ticks": $RELAY_TICKS, "relay_rss": $RELAY_RSS,
 "relay_bridged": $RELAY_BRIDGED, "relay_ended_in_window": $RELAY_ENDED_IN_WINDOW, "packet_check": "$PACKET_CHECK",
 "rtpe_idle_ticks": $RTPE_IDLE_TICKS, "rtpe_ticks": $RTPE_TICKS, "rtpe_packets": $RTPE_PACKETS, "rtpe_seconds": $RTPE_SECONDS,
 "rtpe_version": "$(rtpengine --version 2>&1 | awk '{print $2}')", "sipp_version": "$(sipp -v 2>&1 | grep -o 'v[0-9.]*' | head -1)",
 "desktops": "$DESKTOP_SUMMARY", "warmup": "$WARMUP", "table": $(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$WORK/table.md")}
JSON
)
echo "$SECTION" >&2
if [[ "$WRITE" == 1 ]]; then echo "$SECTION" | "$ROOT/bench/write-section.sh" full-path; fi
