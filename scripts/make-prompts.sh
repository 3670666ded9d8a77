#!/usr/bin/env bash
# Regenerates the IVR prompt set in ivr-flows/prompts/ with espeak-ng and sox: 8 kHz mono µ-law WAV, the
# format the media layer plays without resampling. The files are committed; run this only to change a text.
# Usage: scripts/make-prompts.sh [voice]   (default voice en-us)
set -euo pipefail
cd "$(dirname "$0")/.."

voice=${1:-en-us}
out=ivr-flows/prompts

missing=()
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v sox >/dev/null || missing+=(sox)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "make-prompts: install ${missing[*]} (apt-get install ${missing[*]}) or run as root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# name|text: keep each short; callers hear them many times a day.
prompts=(
  "welcome|Welcome to Telecom customer service."
  "main-menu|For billing, press 1. For a network fault, press 2. To make a complaint, press 3. For anything else, press 4."
  "invalid-input|Sorry, that is not a valid choice."
  "no-input|Sorry, we did not hear your choice."
  "vip-welcome|Welcome back. Connecting you to your priority desk."
  "complaint-owner|Connecting you to the colleague handling your complaint."
  "retention|Thank you for calling. Connecting you to our customer care team."
  "queue-wait|All our agents are busy. Please stay on the line."
  "callback-offer|To have us call you back, press 1. To keep waiting, press 2."
  "callback-confirmed|Thank you. We will call you back soon."
  "out-of-hours|Our offices are closed. We are open from 8 AM to 8 PM."
  "goodbye|Thank you for calling. Goodbye."
  "transfer|Please hold while we transfer your call."
)

mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for entry in "${prompts[@]}"; do
  name=${entry%%|*}
  text=${entry#*|}
  espeak-ng -v "$voice" -s 155 -w "$tmp/$name.wav" "$text"
  # Telephone band, normalised a little below full scale so G.711 does not clip.
  sox "$tmp/$name.wav" -r 8000 -c 1 -e u-law -b 8 "$out/$name.wav" highpass 300 lowpass 3400 norm -3
  echo "make-prompts: $out/$name.wav"
done
