#!/bin/bash
# Score extraction on every arm-level dev gold (or the golds given) with this checkout's code.
#   bash benchmarks/eval_dev_golds.sh OUTDIR [GOLD.jsonl ...]
# One line per gold: results on the right arm + outcome P R matched/extracted/gold | + timepoint P R |
# arm sizes P R matched/extracted/gold | double-counted pairs; OUTDIR/<gold>.txt keeps `evaluate --details`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PY:-$ROOT/.venv/bin/python}
OUT=$1; shift
mkdir -p "$OUT"
GOLDS=("$@")
if [ ${#GOLDS[@]} -eq 0 ]; then
  GOLDS=($(ls "$ROOT"/tests/data/blind*_dev.jsonl | sort -V) "$ROOT"/tests/data/domain_dev.jsonl "$ROOT"/tests/data/reviewer_dev.jsonl
         "$ROOT"/tests/data/reviewer2_dev.jsonl)
fi
for g in "${GOLDS[@]}"; do
  n=$(basename "$g" .jsonl)
  (cd "$ROOT" && "$PY" cli.py evaluate --gold "$g" --n-process 2 --details > "$OUT/$n.txt" 2>&1)
  field() { awk -v f="$1" '$1 == f {print $2, $3, $4; exit}' "$OUT/$n.txt"; }
  printf "%-14s %s | %s | %s | dbl %s\n" "$n" "$(field results_arm_outcome)" "$(field results_timepoint | cut -d' ' -f1-2)" \
    "$(field arm_n)" "$(field double_counted | cut -d' ' -f1)"
done | tee "$OUT/summary.txt"
