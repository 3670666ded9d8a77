#!/usr/bin/env bash
# Installs the real peers the tests talk to (sipp, PostgreSQL, ...), skipping what is already present.
# Idempotent; runs as root on CI. Set TCC_SKIP_INSTALL=1 to skip it on a machine you manage yourself.
set -euo pipefail

[ "${TCC_SKIP_INSTALL:-0}" = "1" ] && exit 0

# sipp, baresip and Kamailio (with TLS and database modules) are the SIP peers; rtpengine the relay reference;
# PostgreSQL and Redis the shared stores; HAProxy the HTTP balancer; fail2ban-regex checks the security log filter;
# openssl makes test certificates; sox measures audio; docker-compose validates the compose file (no engine);
# chromium runs the browser tests, with a CJK font so the zh-CN desktop renders in its screenshots.
apt_packages=(sip-tester baresip-core kamailio kamailio-tls-modules kamailio-sqlite-modules kamailio-postgres-modules
  rtpengine-daemon postgresql redis-server haproxy fail2ban openssl sox docker-compose chromium
  fonts-wqy-microhei)
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
  # Debian's packages start their daemons on fixed ports; tests start their own on ephemeral ports.
  if command -v service >/dev/null 2>&1; then
    for daemon in postgresql kamailio redis-server haproxy fail2ban rtpengine-daemon; do
      service "$daemon" stop >/dev/null 2>&1 || true
    done
  fi
fi

# The agent hub test drives the real npm @microsoft/signalr client; install it once (versions pinned by the lock file).
node_dir="$(dirname "$0")/../tests/TelecomContactCenter.Server.Tests/node"
if command -v npm >/dev/null 2>&1 && [ ! -d "$node_dir/node_modules/@microsoft/signalr" ]; then
  npm ci --prefix "$node_dir" --no-audit --no-fund >/dev/null
fi

# playwright-core for the browser tests (it drives the chromium above, never a downloaded browser) and axe-core,
# the accessibility checker the desktop test runs in the page.
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! command -v npm >/dev/null 2>&1; then
  echo "install-test-deps: node and npm are needed for the browser tests (apt-get install nodejs npm)" >&2
  exit 1
fi
if [ ! -d "$repo_root/tests/browser/node_modules/playwright-core" ] || [ ! -d "$repo_root/tests/browser/node_modules/axe-core" ]; then
  echo "install-test-deps: npm ci in tests/browser"
  (cd "$repo_root/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
fi
