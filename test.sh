#!/usr/bin/env bash
# The project's one test command: installs the peers the tests need, builds warnings-as-errors, runs every suite
# and ends with one line "N passed, N failed" summed over all of them.
set -uo pipefail
cd "$(dirname "$0")"

scripts/install-test-deps.sh || { echo "0 passed, 1 failed"; exit 1; }

out_dir=test-output
rm -rf "$out_dir" && mkdir -p "$out_dir"

if ! dotnet build TelecomContactCenter.sln -c Debug -nologo -v:q 2>&1 | tee "$out_dir/build.log" | tail -n 20; then
  echo "0 passed, 1 failed"
  exit 1
fi
if grep -q " error " "$out_dir/build.log"; then
  echo "0 passed, 1 failed"
  exit 1
fi

# House style is part of the build: a formatting drift counts as one failed check.
format_failed=0
if ! dotnet format TelecomContactCenter.sln --verify-no-changes --no-restore >"$out_dir/format.log" 2>&1; then
  echo "test.sh: dotnet format --verify-no-changes found drift (see $out_dir/format.log)" >&2
  grep -E "error|warning" "$out_dir/format.log" | head -n 20 >&2
  format_failed=1
fi

dotnet test TelecomContactCenter.sln --no-build -c Debug -nologo \
  --logger "console;verbosity=normal" --logger trx --results-directory "$out_dir/results" 2>&1 |
  tee "$out_dir/dotnet-test.log"
test_rc=${PIPESTATUS[0]}

# Each test assembly writes one TRX file; sum their counters.
passed=0 failed=0 assemblies=0
for trx in "$out_dir"/results/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -oE '<Counters [^>]*' "$trx" | head -n 1)
  p=$(sed -nE 's/.* passed="([0-9]+)".*/\1/p' <<<"$counters")
  f=$(sed -nE 's/.* failed="([0-9]+)".*/\1/p' <<<"$counters")
  e=$(sed -nE 's/.* error="([0-9]+)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0})); assemblies=$((assemblies + 1))
done
expected=$(ls tests/*/*.Tests.csproj | wc -l)

if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a runner crash or an assembly that never reported
fi
if [ "$assemblies" -lt "$expected" ]; then
  echo "test.sh: only $assemblies of $expected test assemblies reported" >&2
  failed=$((failed + expected - assemblies))
fi

failed=$((failed + format_failed))

# CI keeps only the tail of this output: name each failed test and the start of its message just above the total.
for trx in "$out_dir"/results/*.trx; do
  [ -f "$trx" ] || continue
  awk '
    /<UnitTestResult / && /outcome="Failed"/ {
      match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); inside = 1; shown = 0
      print "FAILED: " name
    }
    inside && /<Message>/ { printing = 1 }
    inside && printing {
      last = /<\/Message>/; sub(/.*<Message>/, ""); sub(/<\/Message>.*/, "")
      if (shown < 4) { print "  " substr($0, 1, 300); shown++ }
      if (last) printing = 0
    }
    /<\/UnitTestResult>/ { inside = 0; printing = 0 }
  ' "$trx" | sed 's/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
