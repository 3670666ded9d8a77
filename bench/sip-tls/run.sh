#!/usr/bin/env bash
# Redirect mode over TLS beside UDP: the server (Release) with a TLS listener on a certificate openssl makes for the
# run, and the project's own load client (bench/TelecomContactCenter.TlsBench: sipp here has no TLS) sending
# INVITE -> 302 -> ACK to the routing-only access number over UDP and over TLS, interleaved at each rate. A transport
# stops at its first step with a failed call. Writes its section of docs/benchmarks.md through bench/write-section.sh.
#
# Knobs (environment): CUSTOMERS (demo population, 20000), CALLS (per step, 10000), RATES ("500 1000 2000"),
# CONNECTIONS (TLS connections the client keeps, 8), KEEP=1 keeps the work directory.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CUSTOMERS=${CUSTOMERS:-20000}
CALLS=${CALLS:-10000}
RATES=${RATES:-"500 1000 2000"}
CONNECTIONS=${CONNECTIONS:-8}
WORK=$(mktemp -d /tmp/sip-tls-bench.XXXXXX)
SERVER_PID=""

cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    [[ "${KEEP:-0}" == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT

. "$HERE/../common.sh"

make_certificates() {
    log "making a test CA and a server certificate for 127.0.0.1 with openssl"
    (cd "$WORK" &&
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=Bench CA" \
            -keyout ca.key -out ca.crt -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null &&
        openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1 \
            -keyout server.key -out server.csr 2>/dev/null &&
        printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext &&
        openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext \
            -out server.crt 2>/dev/null)
}

start_server() {
    log "building the server and the load client (Release)"
    COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src bench || echo "+local changes")
    dotnet publish "$ROOT/src/TelecomContactCenter.Server" -c Release -o "$WORK/server" --nologo -v q >"$WORK/publish.log"
    dotnet build "$ROOT/bench/TelecomContactCenter.TlsBench" -c Release -o "$WORK/client" --nologo -v q >"$WORK/client.log"
    SIP_PORT=$(free_port); TLS_PORT=$(free_port); HTTP_PORT=$(free_port)
    mkdir -p "$WORK/data"
    log "starting the server: SIP udp 127.0.0.1:$SIP_PORT, tls 127.0.0.1:$TLS_PORT, HTTP 127.0.0.1:$HTTP_PORT"
    (cd "$WORK/server" && exec env ASPNETCORE_ENVIRONMENT=Production \
        Urls="http://127.0.0.1:$HTTP_PORT" \
        Database__Provider=Sqlite Database__SqlitePath="$WORK/data/contactcenter.db" \
        DemoData__CustomerCount="$CUSTOMERS" \
        Sip__Transport__Address=127.0.0.1 \
        Sip__Transport__UdpPort="$SIP_PORT" Sip__Transport__TcpPort="$SIP_PORT" Sip__Transport__TlsPort="$TLS_PORT" \
        Sip__Transport__TlsCertificatePath="$WORK/server.crt" Sip__Transport__TlsPrivateKeyPath="$WORK/server.key" \
        Logging__LogLevel__Default=Warning \
        dotnet TelecomContactCenter.Server.dll >"$WORK/server.log" 2>&1) &
    SERVER_PID=$!
    wait_healthy "$HTTP_PORT" "$SERVER_PID" "$WORK/server.log"
}

make_certificates
start_server
log "running UDP and TLS interleaved at $RATES calls/s, $CALLS calls per step, $CONNECTIONS TLS connections"
# shellcheck disable=SC2086
dotnet "$WORK/client/TelecomContactCenter.TlsBench.dll" "127.0.0.1:$SIP_PORT" "127.0.0.1:$TLS_PORT" "$WORK/ca.crt" 10001 \
    "$CALLS" "$CONNECTIONS" $RATES >"$WORK/table.md"
{
    echo "## SIP redirect mode over TLS beside UDP ($(date -u +%Y-%m-%d))"
    echo
    echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); shared with other helpers' builds and tests"
    echo "during the run, so absolute numbers are low and noisy; the two transports ran interleaved, step by step, under the same load."
    echo "Commit: $COMMIT. Run by \`bench/sip-tls/run.sh\` (CUSTOMERS=$CUSTOMERS CALLS=$CALLS RATES=\"$RATES\" CONNECTIONS=$CONNECTIONS)."
    echo
    echo "Setup: the server (Release, SQLite, $CUSTOMERS demo customers) answers access number 10001 (routing-only) with 302,"
    echo "over UDP and over its TLS listener (TLS 1.3, ECDSA P-256 certificate from a CA openssl made for the run)."
    echo "The load client is the project's own (\`bench/TelecomContactCenter.TlsBench\`; sipp has no TLS here): calls start on a fixed"
    echo "schedule (open loop), INVITE -> 302 -> ACK; over UDP one socket with Timer A retransmissions, over TLS $CONNECTIONS long-lived"
    echo "connections (as a trunk or an edge proxy keeps them; handshakes are not in the measured time). Response time = INVITE to 302."
    echo
    echo "| transport | rate (calls/s) | completed | failed | achieved rate | p50 (ms) | p99 (ms) | retransmissions | load average at start |"
    echo "|---|---|---|---|---|---|---|---|---|"
    cat "$WORK/table.md"
} | "$ROOT/bench/write-section.sh" sip-tls
cat "$WORK/table.md" >&2
