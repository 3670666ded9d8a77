#!/usr/bin/env bash
# Installs the real peers the tests talk to (sipp, PostgreSQL, ...), skipping what is already present.
# Idempotent; runs as root on CI. Set TCC_SKIP_INSTALL=1 to skip it on a machine you manage yourself.
set -euo pipefail

[ "${TCC_SKIP_INSTALL:-0}" = "1" ] && exit 0

apt_packages=(sip-tester postgresql)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "install-test-deps: missing ${missing[*]}; run as root or install them yourself" >&2
    exit 1
  fi
  echo "install-test-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The Debian package starts a cluster on 5432; tests start their own on ephemeral ports.
  if command -v service >/dev/null 2>&1; then service postgresql stop >/dev/null 2>&1 || true; fi
fi

# The agent hub test drives the real npm @microsoft/signalr client; install it once (versions pinned by the lock file).
node_dir="$(dirname "$0")/../tests/TelecomContactCenter.Server.Tests/node"
if command -v npm >/dev/null 2>&1 && [ ! -d "$node_dir/node_modules/@microsoft/signalr" ]; then
  npm ci --prefix "$node_dir" --no-audit --no-fund >/dev/null
fi
