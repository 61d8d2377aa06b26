#!/usr/bin/env bash
# Whole-process throughput of `sourced check` on the BBC corpus in ../shared, against the floor
# of `grep -c said` over the same bytes, in one run.
#
#   scripts/bench.sh            # 1 thread and all threads, JSON output to a file
#   SCALE=1 scripts/bench.sh    # also 1x/10x copies of the corpus in one file (linear growth)
#
# Prints wall time, MB/s and peak RSS (from /usr/bin/time -v) for each run.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
CORPUS="$SHARED/corpus/bbc"
if [ ! -d "$CORPUS" ]; then
  echo "bench.sh: $CORPUS is missing: the benchmark needs ../shared beside the project" >&2
  exit 2
fi
command -v /usr/bin/time > /dev/null || { echo "bench.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet
BIN=target/release/sourced
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
find "$CORPUS" -name '*.txt' ! -name 'README.TXT' ! -name 'SOURCE.txt' | sort > "$TMP/files"
xargs cat < "$TMP/files" > "$TMP/all.txt"
BYTES=$(stat -c %s "$TMP/all.txt")
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); input: $(wc -l < "$TMP/files") files, $BYTES bytes"
printf '%-34s %10s %10s %12s\n' run "wall s" "MB/s" "peak RSS MB"

measure() { # name, command...
  local name=$1; shift
  local t0 t1 wall rss
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$TMP/time" "$@" > "$TMP/out" 2> /dev/null || true
  t1=$(date +%s%N)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$TMP/time")
  printf '%-34s %10.4f %10.1f %12s\n' "$name" "$wall" "$(awk -v b="$BYTES" -v w="$wall" 'BEGIN { print (w > 0 ? b / 1e6 / w : 0) }')" "$rss"
}

measure "grep -c said (floor)" grep -c said "$TMP/all.txt"
measure "sourced, 1 thread, files" "$BIN" check --isolated --exit-zero --threads 1 --format json $(cat "$TMP/files")
measure "sourced, all threads, files" "$BIN" check --isolated --exit-zero --format json $(cat "$TMP/files")
measure "sourced, 1 thread, one file" "$BIN" check --isolated --exit-zero --threads 1 --format json "$TMP/all.txt"
if [ -n "${SCALE:-}" ]; then
  for n in 10; do
    for _ in $(seq "$n"); do cat "$TMP/all.txt"; done > "$TMP/x$n.txt"
    B=$(stat -c %s "$TMP/x$n.txt")
    BYTES=$B measure "sourced, 1 thread, ${n}x one file" "$BIN" check --isolated --exit-zero --threads 1 --format json "$TMP/x$n.txt"
  done
fi
