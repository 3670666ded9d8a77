# Shell helpers shared by the bench scripts (source it): timestamped log lines, free loopback ports, waiting for the
# server child to become healthy.

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# free_port: a loopback port free for both UDP and TCP at the moment of asking.
free_port() {
    python3 -c 'import socket
for _ in range(50):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 0)); p = u.getsockname()[1]
    t = socket.socket()
    try:
        t.bind(("127.0.0.1", p)); print(p); break
    except OSError: pass
    finally: t.close(); u.close()'
}

# wait_healthy HTTP_PORT PID LOG: waits up to 15 minutes for the server's /healthz; if the process ends first, or
# never answers, the script exits (with the end of LOG when the process ended).
wait_healthy() {
    for _ in $(seq 1 900); do
        curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0
        kill -0 "$2" 2>/dev/null || { tail -50 "$3" >&2; exit 1; }
        sleep 1
    done
    log "server did not become healthy"; exit 1
}
