#!/usr/bin/env bash
# Screen-pop benchmark (issue #5): builds the server and the bench in Release, runs the latency mode (INVITE sent →
# ScreenPop read by the agent desktop, at a steady call rate with N agents connected), the ACD mode (Core's distributor
# per call by agent count) and the memory mode (idle agent
# WebSockets), and writes them with machine, load, date, commit and the exact commands into docs/benchmarks.md.
# Usage: bench/run-pop.sh [agents] [calls per second] [seconds]        defaults: 5000 200 60
# Environment: WARMUP (s, default 15), MEMORY_CONNECTIONS (default 20000), MEMORY_USERS (default 2000: logins cost a PBKDF2 each), SKIP_MEMORY=1.
set -euo pipefail
cd "$(dirname "$0")/.."

agents=${1:-5000}
rate=${2:-200}
seconds=${3:-60}
warmup=${WARMUP:-15}
connections=${MEMORY_CONNECTIONS:-20000}
users=${MEMORY_USERS:-2000}

# Thousands of sockets on each side: take the hard limit. The server keeps 768 descriptors back and 1,024 for plain
# HTTP (its open-file budget, docs/server.md), so when the limit is below the wanted count plus 2,000, the memory
# mode measures as many as fit and extrapolates.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
limit=$(ulimit -n)
capped=""
if [ "$limit" != unlimited ] && [ $((connections + 2000)) -gt "$limit" ]; then
  capped="the open-file limit here is $limit per process (hard limit, cannot be raised in this container), so $((limit - 2000)) connections were measured instead of $connections and the per-connection figure is extrapolated"
  connections=$((limit - 2000))
fi

commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo ' (with uncommitted changes)')"
dotnet build src/TelecomContactCenter.Server -c Release -nologo -v:q >/dev/null
dotnet build bench/TelecomContactCenter.PopBench -c Release -nologo -v:q >/dev/null
bench=bench/TelecomContactCenter.PopBench/bin/Release/net10.0/TelecomContactCenter.PopBench.dll

latency_args=(latency --agents "$agents" --rate "$rate" --seconds "$seconds" --warmup "$warmup")
load_latency_before=$(uptime | sed 's/.*load average: //')
latency_status=0
latency=$(dotnet "$bench" "${latency_args[@]}") || latency_status=$?
load_latency_after=$(uptime | sed 's/.*load average: //')

acd_args=(acd)
load_acd_before=$(uptime | sed 's/.*load average: //')
acd=$(dotnet "$bench" "${acd_args[@]}")

memory=""
memory_args=(memory --users "$users" --connections "$connections")
if [ -z "${SKIP_MEMORY:-}" ]; then
  load_memory_before=$(uptime | sed 's/.*load average: //')
  memory=$(dotnet "$bench" "${memory_args[@]}") || true
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
  echo "## Screen pop: INVITE received → ScreenPop at the agent desktop"
  echo
  echo "Produced by \`bench/run-pop.sh $agents $rate $seconds\` (do not edit this section by hand). Goal (issue #5): p99 ≤ 20 ms at 200 calls/s with 5,000 agents connected."
  echo
  echo "- Machine: $(uname -srm), ${cpu:-unknown CPU}, $(nproc) cores visible, $(free -g | awk '/Mem:/ {print $2}') GB RAM"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Commit: $commit"
  echo "- .NET: $(dotnet --version); server: Release build run as \`dotnet TelecomContactCenter.Server.dll\`, SQLite, 10,006 demo customers"
  echo "- Load average (1, 5, 15 min) before / after the latency run: $load_latency_before / $load_latency_after"
  echo "- Command: \`dotnet $bench ${latency_args[*]}\`"
  echo
  echo "$latency"
  [ "$latency_status" -eq 0 ] || echo "- The latency run exited with $latency_status: some calls got no pop (see above)."
  echo
  echo "### The ACD's own cost per call, by number of Available agents"
  echo
  echo "- Load average before: $load_acd_before"
  echo "- Command: \`dotnet $bench ${acd_args[*]}\`"
  echo
  echo "$acd"
  if [ -n "$memory" ]; then
    echo
    echo "### Idle agent connections: server memory"
    echo
    echo "- Load average before: $load_memory_before"
    echo "- Command: \`dotnet $bench ${memory_args[*]}\`"
    [ -z "$capped" ] || echo "- Note: $capped."
    echo
    echo "$memory"
  fi
  echo
  sed -e 's/^# .*//' -e 's/^## /### /' bench/TelecomContactCenter.PopBench/README.md
} | bench/write-section.sh pop
