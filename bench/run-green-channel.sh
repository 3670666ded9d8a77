#!/usr/bin/env bash
# Green-channel benchmark (issue #14, item 4): INVITE sent → INVITE read by the agent's phone (it rings) for
# Platinum/Gold callers through the shipped main IVR flow, prompts and all. Two latency runs of the pop bench back to
# back on the same Release build: "before" serves ivr-flows/main.json as it was at BASE (welcome, then queue),
# "after" the working tree's (queued at once, welcome while ringing). Writes the green-channel section of
# docs/benchmarks.md with machine, load, date, commit and the exact commands.
# Usage: bench/run-green-channel.sh [agents] [calls per second] [seconds]      defaults: 300 50 30
# Environment: BASE (git revision of the "before" flow, default a5e0b9b), WARMUP (s, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

agents=${1:-300}
rate=${2:-50}
seconds=${3:-30}
warmup=${WARMUP:-10}
base=${BASE:-a5e0b9b}
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench ivr-flows || echo ' (with uncommitted changes)')"
dotnet build src/TelecomContactCenter.Server -c Release -nologo -v:q >/dev/null
dotnet build bench/TelecomContactCenter.PopBench -c Release -nologo -v:q >/dev/null
bench=bench/TelecomContactCenter.PopBench/bin/Release/net10.0/TelecomContactCenter.PopBench.dll
before_flow=$(mktemp --suffix=.json)
trap 'rm -f "$before_flow"' EXIT
git show "$base:ivr-flows/main.json" > "$before_flow"

args=(latency --agents "$agents" --rate "$rate" --seconds "$seconds" --warmup "$warmup" --callers vip)
load() { uptime | sed 's/.*load average: //'; }
load_before=$(load)
before_status=0
before=$(dotnet "$bench" "${args[@]}" --flow "$before_flow") || before_status=$?
load_between=$(load)
after_status=0
after=$(dotnet "$bench" "${args[@]}" --flow ivr-flows/main.json) || after_status=$?
load_after=$(load)

# The ring row of a latency run's table: samples | p50 | p99 | p99.9 | max.
ring() { echo "$1" | grep -F "INVITE read by the agent's phone" | awk -F'|' '{print $3 "|" $4 "|" $5 "|" $6 "|" $7}'; }
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
  echo "## Green channel: INVITE → the agent's phone ringing, VIP callers"
  echo
  echo "Produced by \`bench/run-green-channel.sh $agents $rate $seconds\` (do not edit this section by hand). Goal (issue #14): p99 ≤ 1 s at 50 calls/s."
  echo
  echo "- Machine: $(uname -srm), ${cpu:-unknown CPU}, $(nproc) cores visible, $(free -g | awk '/Mem:/ {print $2}') GB RAM"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Commit: $commit; \"before\" serves ivr-flows/main.json as of $base on the same build"
  echo "- .NET: $(dotnet --version); server: Release build run as \`dotnet TelecomContactCenter.Server.dll\`, SQLite, 10,006 demo customers"
  echo "- Load average (1, 5, 15 min) before / between / after the runs: $load_before / $load_between / $load_after"
  echo "- Commands: \`dotnet $bench ${args[*]} --flow <main.json at $base>\`, then the same with \`--flow ivr-flows/main.json\`"
  echo
  echo "| INVITE sent → INVITE read by the agent's phone | samples | p50 ms | p99 ms | p99.9 ms | max ms |"
  echo "|---|---|---|---|---|---|"
  echo "| before: welcome, then queue |$(ring "$before")|"
  echo "| **after: queued at once, welcome while ringing** |$(ring "$after")|"
  echo
  echo "### Before (main.json as of $base)"
  echo
  echo "$before"
  [ "$before_status" -eq 0 ] || echo "- The run exited with $before_status: some calls got no pop (see above)."
  echo
  echo "### After (ivr-flows/main.json)"
  echo
  echo "$after"
  [ "$after_status" -eq 0 ] || echo "- The run exited with $after_status: some calls got no pop (see above)."
} | bench/write-section.sh green-channel
