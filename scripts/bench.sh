#!/usr/bin/env bash
# Whole-process throughput of `sourced check` on the BBC corpus in ../shared, against the floor
# of `grep -c said` over the same bytes, in one run.
#
#   scripts/bench.sh              # 1 thread and all threads, JSON output to a file
#   SCALE=10 scripts/bench.sh     # also 1x and 10x copies of the corpus in one file
#   SCALE=100 scripts/bench.sh    # ... and 100x (500 MB: about a minute and 1.5 GB)
#   REPEAT=9 scripts/bench.sh     # runs per measurement (default 5)
#
# Each line is the fastest of REPEAT runs (wall time), with its MB/s and the largest peak RSS
# (from /usr/bin/time -v) of those runs; "RSS target" is 2 x the largest input + 30 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
CORPUS="$SHARED/corpus/bbc"
REPEAT=${REPEAT:-5}
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
LARGEST=$(xargs stat -c %s < "$TMP/files" | sort -n | tail -1)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "input: $(wc -l < "$TMP/files") files, $BYTES bytes; best of $REPEAT runs each"
printf '%-30s %9s %9s %12s %12s\n' run "wall s" "MB/s" "peak RSS MB" "RSS target"

measure() { # name, largest input in bytes, command...
  local name=$1 largest=$2; shift 2
  local best="" rss=0 t0 t1 wall r
  for _ in $(seq "$REPEAT"); do
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$TMP/time" "$@" > "$TMP/out" 2> /dev/null || true
    t1=$(date +%s%N)
    wall=$(( t1 - t0 ))
    if [ -z "$best" ] || [ "$wall" -lt "$best" ]; then best=$wall; fi
    r=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time")
    if [ "$r" -gt "$rss" ]; then rss=$r; fi
  done
  awk -v name="$name" -v ns="$best" -v b="$BYTES" -v rss="$rss" -v big="$largest" 'BEGIN {
    w = ns / 1e9
    target = big > 0 ? sprintf("%.1f", 2 * big / 1048576 + 30) : "-"
    printf "%-30s %9.4f %9.1f %12.1f %12s\n", name, w, b / 1e6 / w, rss / 1024, target
  }'
}

measure "grep -c said (floor)" 0 grep -c said "$TMP/all.txt"
measure "sourced, 1 thread, files" "$LARGEST" "$BIN" check --isolated --exit-zero --threads 1 --format json $(cat "$TMP/files")
measure "sourced, all threads, files" "$LARGEST" "$BIN" check --isolated --exit-zero --format json $(cat "$TMP/files")
measure "sourced, 1 thread, one file" "$BYTES" "$BIN" check --isolated --exit-zero --threads 1 --format json "$TMP/all.txt"
if [ -n "${SCALE:-}" ]; then
  for n in 10 100; do
    [ "$n" -le "$SCALE" ] || continue
    for _ in $(seq "$n"); do cat "$TMP/all.txt"; done > "$TMP/x$n.txt"
    B=$(stat -c %s "$TMP/x$n.txt")
    runs=$REPEAT
    [ "$n" -lt 100 ] || runs=1
    REPEAT=$runs BYTES=$B measure "sourced, 1 thread, ${n}x one file" "$B" "$BIN" check --isolated --exit-zero --threads 1 --format json "$TMP/x$n.txt"
    rm -f "$TMP/x$n.txt"
  done
fi
