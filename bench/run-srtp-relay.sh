#!/usr/bin/env bash
# Relay CPU per packet, plain RTP against SRTP, in one run; rewrites its section of docs/benchmarks.md.
# Usage: bench/run-srtp-relay.sh [packets per mode and round] [rounds]     default: 50000 5
set -euo pipefail
cd "$(dirname "$0")/.."
packets=${1:-50000}
rounds=${2:-5}
dotnet build -c Release bench/TelecomContactCenter.MediaBench >/dev/null
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
out=$(dotnet run -c Release --no-build --project bench/TelecomContactCenter.MediaBench -- relay "$packets" "$rounds" | tail -n +2)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
commit=$(git rev-parse --short HEAD)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
  echo "## SRTP relay cost (bench/TelecomContactCenter.MediaBench, relay mode)"
  echo
  echo "What one relayed packet costs the process when the caller leg is plain RTP or SRTP and the agent leg plain"
  echo "or SRTP (AES_CM_128_HMAC_SHA1_80, each leg its own key). A caller phone in the process sends 160-octet G.711"
  echo "frames to the caller leg over loopback UDP, the relay forwards them to the agent leg, an agent phone drains"
  echo "them. The caller's packets are built and protected before the clock starts; the phones' socket calls are in"
  echo "every row alike, so the difference between rows is what SRTP adds to the relay (unprotect on the caller leg,"
  echo "protect on the agent leg). Modes run interleaved, round after round, and the median is reported, since the"
  echo "machine is shared with other builds and tests. Per-packet cost is CPU over the packets the agent phone"
  echo "received; packets not received were lost in loopback socket buffers when the loaded box stalled a leg."
  echo "Every mode runs on both receive paths: one RTP receive loop (the server's default on Linux,"
  echo "\`Media:ReceiveThreads\`) and the runtime's asynchronous sockets (\`Media:ReceiveThreads\` 0, the path off Linux)."
  echo
  echo "### Results"
  echo
  echo "Machine: $(nproc) cores ($cpu), $(uname -sr), .NET $(dotnet --version). $(date -u '+%Y-%m-%d %H:%M UTC'),"
  echo "commit \`$commit\`. Load average (1/5/15 min) before: $load_before; after: $load_after (other engineers'"
  echo "builds and tests were running: absolute numbers are inflated, the ratios are the result)."
  echo "\`bench/run-srtp-relay.sh $packets $rounds\`"
  echo
  echo "$out"
} | bench/write-section.sh srtp-relay
