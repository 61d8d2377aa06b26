#!/usr/bin/env bash
# Accuracy gates: score `sourced check --format json` against the gold labels in ../shared.
#
#   scripts/accuracy.sh            # dev gold + PolNeAR dev, with the gates of issue #2
#   scripts/accuracy.sh train      # also PolNeAR train (for tuning; no gate)
#
# Exits 1 when a gate is not met. Never run it on PolNeAR test for tuning: that split is the
# held-out measure.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
if [ ! -d "$SHARED/eval" ]; then
  echo "accuracy.sh: $SHARED/eval is missing: the accuracy gates need ../shared beside the project" >&2
  exit 2
fi
BIN=${BIN:-target/release/sourced}
[ -x "$BIN" ] || cargo build --release --quiet
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

status=0
# eval/dev: every document the gold files name.
mapfile -t docs < <(python3 -c '
import json, sys
seen = []
for p in sys.argv[1:]:
    for line in open(p, encoding="utf-8"):
        if line.strip():
            d = json.loads(line)["doc"]
            if d not in seen:
                seen.append(d)
print("\n".join(seen))' "$SHARED"/eval/dev/*.jsonl)
# Each article is checked as the work of its own outlet (scripts/shared_report.py says how).
python3 scripts/shared_report.py "$BIN" "$OUT/dev.json" "${docs[@]/#/$SHARED/}"
# Gates a little under what this commit measures (README, Accuracy), so a change that loses
# accuracy fails; issue #15's targets (macro-F1 0.88, source 0.80) are not reached yet.
echo "== eval/dev (gates: macro-F1 >= 0.82, source >= 0.77)"
python3 "$SHARED/eval/score.py" --gold "$SHARED"/eval/dev/*.jsonl --docs "$SHARED" --report "$OUT/dev.json" \
  --min-macro-f1 0.82 --min-source 0.77 ${ERRORS:+--errors $ERRORS} || status=1
echo "== eval/dev seed article (gate: 18/18)"
python3 "$SHARED/eval/score.py" --gold "$SHARED"/eval/dev/seed.jsonl --docs "$SHARED" --report "$OUT/dev.json" \
  --min-accuracy 1.0 | tail -2 || status=1
python3 "$SHARED/eval/score.py" --gold "$SHARED"/eval/dev/seed.jsonl --docs "$SHARED" --report "$OUT/dev.json" \
  --min-accuracy 1.0 > /dev/null || { echo "seed article: not 18/18"; status=1; }

for split in dev ${1:-}; do
  [ -n "$split" ] || continue
  python3 scripts/shared_report.py "$BIN" "$OUT/polnear-$split.json" "$SHARED"/polnear/$split/text/*.txt
  if [ "$split" = dev ]; then
    echo "== PolNeAR dev, core cues (gates: recall >= 0.93, source >= 0.81, precision >= 0.95)"
    python3 "$SHARED/eval/polnear.py" --split dev --report "$OUT/polnear-dev.json" \
      --min-recall 0.93 --min-source 0.81 --min-precision 0.95 ${ERRORS:+--errors $ERRORS} || status=1
    echo "== PolNeAR dev, broad cues (gates: recall >= 0.88, source >= 0.75)"
    python3 "$SHARED/eval/polnear.py" --split dev --cues broad --report "$OUT/polnear-dev.json" \
      --min-recall 0.88 --min-source 0.75 | tail -1 || status=1
  else
    echo "== PolNeAR $split (no gate), core cues then broad"
    python3 "$SHARED/eval/polnear.py" --split "$split" --report "$OUT/polnear-$split.json" ${ERRORS:+--errors $ERRORS} || true
    python3 "$SHARED/eval/polnear.py" --split "$split" --cues broad --report "$OUT/polnear-$split.json" | tail -1 || true
  fi
done
exit $status
