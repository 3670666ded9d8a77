#!/usr/bin/env bash
# Screen pop on two nodes behind Kamailio beside one node (issue #19), in one run on this machine: builds the server
# and the bench in Release, starts a private PostgreSQL and Redis on free loopback ports in a temporary folder, and
# runs the pop bench's cluster mode, which measures back to back (a) one node on that PostgreSQL with the trunk's
# INVITEs sent straight to it and (b) two nodes on it and on Redis behind Kamailio's dispatcher
# (deploy/kamailio/dispatcher.cfg), the trunk's INVITEs and the phones' REGISTERs sent to Kamailio and the desktops
# split evenly between the nodes. Writes the comparison with machine, load, date, commit and the exact commands into
# the pop-cluster section of docs/benchmarks.md. Everything it starts is stopped on exit, however it exits.
# Usage: bench/run-pop-cluster.sh [agents] [calls per second] [seconds]        defaults: 500 100 45
# Environment: WARMUP (s, default 15); POPBENCH_KEEP=1 keeps the run's temporary folder (the nodes', Kamailio's,
# PostgreSQL's and Redis's logs) instead of deleting it.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh

agents=${1:-500}
rate=${2:-100}
seconds=${3:-45}
warmup=${WARMUP:-15}

# Each node holds its desktops' WebSockets and two sockets per RTP pair inside its open-file budget (docs/server.md):
# take the hard limit, as bench/run-pop.sh does.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 4096 ] ||
  log "warning: the open-file limit is $(ulimit -n); a node's open-file budget then holds few calls and desktops (docs/server.md)"

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/tcc-popcluster-XXXXXX)
chmod 711 "$work"   # PostgreSQL runs as its own user and must reach its folder inside
bench_pid=""
redis_pid=""

# PostgreSQL refuses to run as root: as root its commands run as the postgres user.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Stops what this script started, by the ids it recorded: the bench's own process group (the bench, its nodes and
# Kamailio), Redis, PostgreSQL; then deletes the folder, which holds the bench's temporary folders too (TMPDIR).
cleanup() {
  if [ -n "$bench_pid" ] && pgrep -g "$bench_pid" >/dev/null; then
    kill -TERM -- "-$bench_pid" 2>/dev/null || true
    for _ in 1 2 3 4 5; do pgrep -g "$bench_pid" >/dev/null || break; sleep 1; done
    kill -KILL -- "-$bench_pid" 2>/dev/null || true
  fi
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  if [ -f "$work/pg/data/postmaster.pid" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -z "${POPBENCH_KEEP:-}" ]; then rm -rf "$work"; else log "kept $work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench deploy || echo ' (with uncommitted changes)')"
log "building the server and the bench (Release)"
dotnet build src/TelecomContactCenter.Server -c Release -nologo -v:q >/dev/null
dotnet build bench/TelecomContactCenter.PopBench -c Release -nologo -v:q >/dev/null
bench=bench/TelecomContactCenter.PopBench/bin/Release/net10.0/TelecomContactCenter.PopBench.dll

# PostgreSQL as the tests start it: a throwaway cluster, durability off (fsync, synchronous commit) for both runs
# alike; room for two nodes' connection pools.
pg_port=$(free_port)
mkdir "$work/pg"
[ "$(id -u)" != 0 ] || chown postgres:postgres "$work/pg"
as_postgres "$pg_bin/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
pg_options="-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 start -o "$pg_options" >/dev/null
postgres_pid=$(head -1 "$work/pg/data/postmaster.pid")
log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port (pid $postgres_pid)"

redis_port=$(free_port)
mkdir "$work/redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work/redis" >"$work/redis/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.2; done
redis-cli -p "$redis_port" ping >/dev/null || { tail -20 "$work/redis/redis.log" >&2; exit 1; }
log "Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/') on 127.0.0.1:$redis_port (pid $redis_pid)"

args=(cluster --agents "$agents" --rate "$rate" --seconds "$seconds" --warmup "$warmup"
  --postgres "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres" --postgres-pid "$postgres_pid"
  --redis "127.0.0.1:$redis_port" --redis-pid "$redis_pid")
load_before=$(uptime | sed 's/.*load average: //')
started=$(date -u '+%Y-%m-%d %H:%M UTC')
# The bench leads a process group of its own (setsid), so the trap can stop it with every node and Kamailio it started.
TMPDIR="$work" setsid dotnet "$bench" "${args[@]}" >"$work/result.md" &
bench_pid=$!
bench_status=0
wait "$bench_pid" || bench_status=$?
load_after=$(uptime | sed 's/.*load average: //')
[ -s "$work/result.md" ] || { log "the bench produced no result (exit $bench_status)"; exit 1; }

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
load1=${load_before%%,*}
{
  echo "## Screen pop: two nodes behind Kamailio beside one node (PostgreSQL)"
  echo
  echo "Produced by \`bench/run-pop-cluster.sh $agents $rate $seconds\` (do not edit this section by hand): the same pop bench,"
  echo "(a) one node on PostgreSQL with the trunk's INVITEs sent straight to it, then (b) two nodes on that PostgreSQL and"
  echo "Redis behind Kamailio's dispatcher, back to back on this machine; ratios are (b) ÷ (a)."
  echo
  echo "- Machine: $(uname -srm), ${cpu:-unknown CPU}, $(nproc) cores visible, $(free -g | awk '/Mem:/ {print $2}') GB RAM"
  echo "- Date: $started"
  echo "- Commit: $commit"
  echo "- .NET $(dotnet --version); nodes: Release build run as \`dotnet TelecomContactCenter.Server.dll\`; PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), Redis $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), Kamailio $(kamailio -v 2>/dev/null | head -1 | awk '{print $3}')"
  echo "- Load average (1, 5, 15 min) before / after the whole run: $load_before / $load_after; open-file limit per process $(ulimit -n)"
  if awk -v l="$load1" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    echo "- **Loaded machine**: the load average above was past half the $(nproc) cores during this run, so the figures show that"
    echo "  the run works end to end and how the two set-ups compare under the same load, not what either can carry."
  fi
  echo "- Commands: \`bench/run-pop-cluster.sh $agents $rate $seconds\`, which ran"
  echo "  \`dotnet $bench ${args[*]}\`"
  echo "  (ports and process ids are the free ones this run found)"
  echo
  cat "$work/result.md"
  [ "$bench_status" -eq 0 ] || echo "- The bench exited with $bench_status: some calls got no pop (see above)."
  echo
  sed -e 's/^# .*//' -e 's/^## /### /' bench/TelecomContactCenter.PopBench/README-cluster.md
} | bench/write-section.sh pop-cluster
