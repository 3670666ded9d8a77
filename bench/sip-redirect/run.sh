#!/usr/bin/env bash
# Redirect-mode benchmark: our routing-only access number against Kamailio as an equivalent redirect server with
# a per-call SQLite lookup, same machine, same callers, same decisions. INVITE -> 302 -> ACK with sipp at stepped
# rates (the two interleaved per rate); a target stops at its first step with failed calls. Writes its own section
# of docs/benchmarks.md through bench/write-section.sh.
#
# Knobs (environment): CUSTOMERS (demo population, 100000), SAMPLE (callers exported, 10000), CALLS (per step,
# 10000), RATES ("250 500 1000 2000 4000 8000"), KEEP=1 keeps the work directory.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CUSTOMERS=${CUSTOMERS:-100000}
SAMPLE=${SAMPLE:-10000}
CALLS=${CALLS:-10000}
RATES=${RATES:-"250 500 1000 2000 4000 8000"}
WORK=$(mktemp -d /tmp/sip-redirect-bench.XXXXXX)
SERVER_PID=""
KAMAILIO_PID=""

cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
    [[ -n "$KAMAILIO_PID" ]] && kill "$KAMAILIO_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    [[ "${KEEP:-0}" == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT

. "$HERE/../common.sh"

ensure_tools() {
    local missing=()
    command -v kamailio >/dev/null || missing+=(kamailio)
    [[ -f /usr/lib/x86_64-linux-gnu/kamailio/modules/db_sqlite.so ]] || missing+=(kamailio-sqlite-modules)
    command -v sqlite3 >/dev/null || missing+=(sqlite3)
    command -v sipp >/dev/null || missing+=(sip-tester)
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        local sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
        $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}"
    fi
}

start_server() {
    log "building the server (Release)"
    COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src bench || echo "+local changes")
    dotnet publish "$ROOT/src/TelecomContactCenter.Server" -c Release -o "$WORK/server" --nologo -v q >"$WORK/publish.log"
    SIP_PORT=$(free_port); HTTP_PORT=$(free_port)
    mkdir -p "$WORK/data"
    log "starting the server: SIP udp/tcp 127.0.0.1:$SIP_PORT, HTTP 127.0.0.1:$HTTP_PORT, $CUSTOMERS demo customers"
    (cd "$WORK/server" && exec env ASPNETCORE_ENVIRONMENT=Production \
        Urls="http://127.0.0.1:$HTTP_PORT" \
        Database__Provider=Sqlite Database__SqlitePath="$WORK/data/contactcenter.db" \
        DemoData__CustomerCount="$CUSTOMERS" \
        Sip__Transport__Address=127.0.0.1 ${UDP_WORKERS:+Sip__Transport__UdpWorkers=$UDP_WORKERS} Sip__Transport__UdpPort="$SIP_PORT" Sip__Transport__TcpPort="$SIP_PORT" \
        Logging__LogLevel__Default=Warning \
        dotnet TelecomContactCenter.Server.dll >"$WORK/server.log" 2>&1) &
    SERVER_PID=$!
    wait_healthy "$HTTP_PORT" "$SERVER_PID" "$WORK/server.log"
}

export_decisions() {
    log "exporting $SAMPLE routing decisions through GET /api/routing/decision"
    sqlite3 "$WORK/data/contactcenter.db" \
        "SELECT Phone FROM customer_profiles ORDER BY (CustomerId * 2654435761) % 1000003 LIMIT $SAMPLE;" >"$WORK/phones.txt"
    python3 - "$HTTP_PORT" "$WORK" <<'PY'
import http.client, json, sys, urllib.parse
port, work = int(sys.argv[1]), sys.argv[2]
conn = http.client.HTTPConnection("127.0.0.1", port)
conn.request("POST", "/api/auth/login", json.dumps({"userName": "admin", "password": "ContactCenter!1"}),
             {"Content-Type": "application/json"})
token = json.loads(conn.getresponse().read())["accessToken"]
phones = [l.strip() for l in open(f"{work}/phones.txt") if l.strip()]
with open(f"{work}/routing.sql", "w") as sql, open(f"{work}/callers.csv", "w") as callers:
    sql.write("BEGIN;\nCREATE TABLE routing (phone TEXT PRIMARY KEY, queue TEXT NOT NULL, tier TEXT NOT NULL, "
              "stage TEXT NOT NULL, priority INTEGER NOT NULL);\n")
    callers.write("SEQUENTIAL\n")
    for phone in phones:
        conn.request("GET", "/api/routing/decision?caller=" + urllib.parse.quote(phone),
                     headers={"Authorization": "Bearer " + token})
        d = json.loads(conn.getresponse().read())
        q = lambda s: "'" + str(s).replace("'", "''") + "'"
        sql.write(f"INSERT INTO routing VALUES ({q(phone)}, {q(d['targetQueue'])}, {q(d['tier'])}, "
                  f"{q(d['lifecycleStage'])}, {int(d['priority'])});\n")
        callers.write(phone + ";\n")
    sql.write("COMMIT;\n")
PY
    sqlite3 "$WORK/routing.db" <"$WORK/routing.sql"
    sqlite3 "$WORK/routing.db" "SELECT queue, tier, COUNT(*) FROM routing GROUP BY 1, 2 ORDER BY 3 DESC;" >"$WORK/mix.txt"
}

start_kamailio() {
    KAM_PORT=$(free_port)
    mkdir -p "$WORK/kamailio"
    sed -e "s!__PORT__!$KAM_PORT!g" -e "s!__DB__!$WORK/routing.db!g" "$HERE/kamailio-redirect.cfg" >"$WORK/kamailio.cfg"
    log "starting Kamailio on udp 127.0.0.1:$KAM_PORT"
    kamailio -f "$WORK/kamailio.cfg" -DD -E -Y "$WORK/kamailio" -m 256 -M 32 >"$WORK/kamailio.log" 2>&1 &
    KAMAILIO_PID=$!
    sleep 2
    kill -0 "$KAMAILIO_PID" 2>/dev/null || { cat "$WORK/kamailio.log" >&2; exit 1; }
}

# run_step <name> <port> <rate>: prints "completed failed p50 p99 retransmissions load" for one sipp run.
run_step() {
    local name=$1 port=$2 rate=$3 dir="$WORK/steps/$1-$3"
    mkdir -p "$dir"
    local timeout=$((CALLS / rate + 40)) load
    load=$(cut -d' ' -f1 /proc/loadavg)
    (cd "$dir" && sipp "127.0.0.1:$port" -sf "$HERE/redirect-uac.xml" -s 10001 -inf "$WORK/callers.csv" \
        -r "$rate" -m "$CALLS" -l 20000 -i 127.0.0.1 -p "$(free_port)" -cp "$(free_port)" -max_socket 1024 \
        -trace_rtt -rtt_freq 500 -trace_stat -stf stat.csv -fd 1 -nostdin -timeout "${timeout}s" \
        >sipp.out 2>sipp.err) || true
    python3 - "$dir" "$load" <<'PY'
import csv, glob, sys
d, load = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(f"{d}/stat.csv"), delimiter=";"))
head, last = rows[0], rows[-1]
ok, failed = int(last[head.index("SuccessfulCall(C)")]), int(last[head.index("FailedCall(C)")])
retrans = int(last[head.index("Retransmissions(C)")])
rtts = []
for f in glob.glob(f"{d}/*_rtt.csv"):
    for line in open(f):
        parts = line.strip().split(";")
        if len(parts) >= 2:
            try: rtts.append(float(parts[1]))
            except ValueError: pass
rtts.sort()
pct = lambda p: rtts[min(len(rtts) - 1, int(p * len(rtts)))] if rtts else float("nan")
print(ok, failed, f"{pct(0.50):.0f}", f"{pct(0.99):.0f}", retrans, load)
PY
}

# sweep: both targets step by step, interleaved so that both see the same background load; a target leaves the
# sweep at its first step with a failed call. Sets BEST_ours and BEST_kamailio.
sweep() {
    local -A port=([ours]=$SIP_PORT [kamailio]=$KAM_PORT) active=([ours]=1 [kamailio]=1)
    BEST_ours=0; BEST_kamailio=0
    for rate in $RATES; do
        for name in ours kamailio; do
            ((active[$name])) || continue
            read -r ok failed p50 p99 retrans load < <(run_step "$name" "${port[$name]}" "$rate")
            log "$name $rate/s: $ok completed, $failed failed, p50 $p50 ms, p99 $p99 ms, $retrans retransmissions, load $load"
            echo "| $name | $rate | $ok | $failed | $p50 | $p99 | $retrans | $load |" >>"$WORK/table-$name.md"
            if ((failed > 0 || ok < CALLS)); then active[$name]=0; else printf -v "BEST_$name" '%s' "$rate"; fi
        done
    done
    cat "$WORK/table-ours.md" "$WORK/table-kamailio.md" >"$WORK/table.md"
}

ensure_tools
start_server
export_decisions
start_kamailio
: >"$WORK/table-ours.md"; : >"$WORK/table-kamailio.md"
sweep

HALF=$((BEST_ours / 2))
HALF_LINE="not measured (no rate without failures)"
if ((HALF > 0)); then
    read -r hok hfailed hp50 hp99 hretrans hload < <(run_step ours-half "$SIP_PORT" "$HALF")
    log "ours at half ($HALF/s): $hok completed, $hfailed failed, p50 $hp50 ms, p99 $hp99 ms, load $hload"
    HALF_LINE="$HALF calls/s: $hok completed, $hfailed failed, p50 $hp50 ms, **p99 $hp99 ms**, $hretrans retransmissions, load $hload"
fi
RATIO=$(python3 -c "b=$BEST_kamailio; print(f'{$BEST_ours/b:.2f}' if b else 'n/a')")
LOOKUP=$(sqlite3 "$WORK/data/contactcenter.db" \
    "SELECT COUNT(*), (SELECT DecisionMicroseconds FROM interactions WHERE DecisionMicroseconds IS NOT NULL ORDER BY 1 LIMIT 1 OFFSET (SELECT COUNT(*)/2 FROM interactions WHERE DecisionMicroseconds IS NOT NULL)), (SELECT DecisionMicroseconds FROM interactions WHERE DecisionMicroseconds IS NOT NULL ORDER BY 1 LIMIT 1 OFFSET (SELECT COUNT(*)*99/100 FROM interactions WHERE DecisionMicroseconds IS NOT NULL)) FROM interactions WHERE StatusCode IS NOT NULL;" 2>/dev/null || echo "?|?|?")
IFS='|' read -r RECORDS LOOKUP_P50 LOOKUP_P99 <<<"$LOOKUP"
{
    echo "## SIP redirect mode vs Kamailio ($(date -u +%Y-%m-%d))"
    echo
    echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); shared with other work."
    echo "Commit: $COMMIT. Run by \`bench/sip-redirect/run.sh\` (CUSTOMERS=$CUSTOMERS SAMPLE=$SAMPLE CALLS=$CALLS RATES=\"$RATES\")."
    echo
    echo "Setup: the server (Release, SQLite, $CUSTOMERS demo customers) answers access number 10001 (routing-only)"
    echo "with 302 from the same RoutingDecider as \`GET /api/routing/decision\`, writing an interaction record per call."
    echo "Kamailio $(kamailio -v 2>/dev/null | head -1 | awk '{print $3}') (\`bench/sip-redirect/kamailio-redirect.cfg\`, 2 UDP children) answers the same"
    echo "302 statelessly from an SQLite table holding the decisions the API exported for the $SAMPLE sampled callers."
    echo "sipp (\`redirect-uac.xml\`, INVITE -> 302 -> ACK over UDP) draws the callers in sequence from the same file;"
    echo "$CALLS calls per step; at each rate ours runs, then Kamailio; a target stops at its first step with a failed call."
    echo "Response time = INVITE to 302 (sipp rtd, 1 ms resolution). Retransmissions mean a 302 came later than 500 ms:"
    echo "the target was saturated even where no call failed."
    echo
    echo "| target | rate (calls/s) | completed | failed | p50 (ms) | p99 (ms) | sipp retransmissions | load average at start |"
    echo "|---|---|---|---|---|---|---|---|"
    cat "$WORK/table.md"
    echo
    echo "- Highest rate with 0 failed calls: ours **$BEST_ours/s**, Kamailio **$BEST_kamailio/s**; ratio ours/Kamailio **$RATIO** (goal >= 0.5)."
    echo "- Ours at half its highest rate: $HALF_LINE (goal p99 <= 5 ms)."
    echo "- Decision time inside the server (customer lookup + rules, from \`interactions.DecisionMicroseconds\` over $RECORDS recorded calls): p50 ${LOOKUP_P50} us, p99 ${LOOKUP_P99} us."
    echo
    echo "Commands (per step; \`-inf\` file = the exported callers):"
    echo '```'
    echo "sipp 127.0.0.1:<port> -sf bench/sip-redirect/redirect-uac.xml -s 10001 -inf callers.csv -r <rate> -m $CALLS -l 20000 \\"
    echo "     -i 127.0.0.1 -p <free port> -max_socket 1024 -trace_rtt -rtt_freq 500 -trace_stat -stf stat.csv -nostdin"
    echo "kamailio -f kamailio.cfg -DD -E -Y <run dir> -m 256 -M 32   # cfg with __PORT__/__DB__ substituted"
    echo '```'
} | "$ROOT/bench/write-section.sh" sip-redirect
cat "$WORK/table.md" >&2
