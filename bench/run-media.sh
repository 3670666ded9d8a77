#!/usr/bin/env bash
# Runs the media pacing bench and rewrites its section of docs/benchmarks.md in one command.
# Usage: bench/run-media.sh [seconds per step] [calls...]     default: 15 250 500 1000 1500
# Run it on an otherwise idle machine: the load average at each step is recorded beside its row.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
shift || true
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(250 500 1000 1500)
dotnet build -c Release bench/TelecomContactCenter.MediaBench >/dev/null
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=$(dotnet run -c Release --no-build --project bench/TelecomContactCenter.MediaBench -- "$seconds" "${steps[@]}" | tail -n +2)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
commit=$(git rev-parse --short HEAD)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
  sed -n '/^<!-- intro -->$/,/^<!-- \/intro -->$/p' bench/TelecomContactCenter.MediaBench/README.md | sed '1d;$d'
  echo
  echo "### Results"
  echo
  echo "Machine: $(nproc) cores ($cpu), $(uname -sr), .NET $(dotnet --version). $(date -u '+%Y-%m-%d %H:%M UTC'),"
  echo "commit \`$commit\`, $seconds s per step. Load average (1/5/15 min) before: $load_before; after: $load_after."
  echo "\`bench/run-media.sh $seconds ${steps[*]}\`"
  echo
  echo "$rows"
} | bench/write-section.sh media
