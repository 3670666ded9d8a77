#!/usr/bin/env bash
# Replaces one bench's section of docs/benchmarks.md (between <!-- bench:NAME --> and <!-- /bench:NAME -->) with
# the Markdown read from standard input, appending the section when it is not there yet. Every bench script writes
# through this, so one bench never overwrites another's results.
# Usage: some-bench | bench/write-section.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1
file=docs/benchmarks.md
body=$(mktemp)
cat > "$body"
[ -f "$file" ] || printf '# Benchmarks\n' > "$file"
python3 - "$file" "$name" "$body" <<'PY'
import sys
path, name, body_path = sys.argv[1:4]
text = open(path, encoding="utf-8").read()
body = open(body_path, encoding="utf-8").read().rstrip("\n")
start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
block = f"{start}\n{body}\n{end}"
if start in text and end in text:
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    text = before + block + after
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(path, "w", encoding="utf-8").write(text)
PY
rm -f "$body"
echo "bench: wrote section '$name' of $file" >&2
