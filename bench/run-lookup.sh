#!/usr/bin/env bash
# Customer-360 lookup benchmark: builds the bench in Release, runs it for each population size (default 100k and
# 1M customers; the first run per size seeds and evaluates bench/data/bench-N.db, later runs reuse it) and writes
# the results with machine, date and commit into docs/benchmarks.md.
# Usage: bench/run-lookup.sh [sizes...]   e.g. bench/run-lookup.sh 100000
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000 1000000)
lookups=${LOOKUPS:-50000}

dotnet build bench/TelecomContactCenter.Bench -c Release -nologo -v:q >/dev/null
rows=()
for n in "${sizes[@]}"; do
  echo "bench: $n customers, $lookups lookups" >&2
  while IFS= read -r line; do rows+=("$line"); done < <(
    dotnet bench/TelecomContactCenter.Bench/bin/Release/net10.0/TelecomContactCenter.Bench.dll "$n" "$lookups" bench/data | grep '^|')
done

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
{
  echo "## Customer 360 lookup by phone"
  echo
  echo "Produced by \`bench/run-lookup.sh\` (do not edit this section by hand)."
  echo
  echo "- Machine: $(uname -srm), ${cpu:-unknown CPU}, $(nproc) cores visible, $(free -g | awk '/Mem:/ {print $2}') GB RAM"
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Commit: $(git rev-parse --short HEAD)"
  echo "- .NET: $(dotnet --version); SQLite file database (WAL), demo data from the server's own generator and evaluator"
  echo "- $lookups lookups of random existing customers after a warm-up of a tenth as many; latency per call in µs"
  echo
  echo "| Customers | Path | p50 µs | p99 µs | mean µs |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  sed -e 's/^## /### /' bench/benchmarks-notes.md
} | bench/write-section.sh lookup
