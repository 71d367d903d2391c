#!/bin/bash
# Yun et al.'s exact match on every full-text dev gold (or the golds given), full JATS and abstract+results fragment.
#   bash benchmarks/ft_dev_golds.sh SHARED_FULLTEXT_DIR OUTDIR [GOLD.jsonl | yun ...]
# SHARED_FULLTEXT_DIR is ../shared/data/fulltext (Evidence Inference JATS and yun_dev); a gold of invented articles
# keeps them beside it in <gold>_articles/. Per gold and form:
# OUTDIR/<gold>_<form>.txt (scores), .json, .answers.jsonl; OUTDIR/summary.txt one line each.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PY:-$ROOT/.venv/bin/python}
F=$1; OUT=$2; shift 2
mkdir -p "$OUT"
GOLDS=("$@")
if [ ${#GOLDS[@]} -eq 0 ]; then
  GOLDS=($(ls "$ROOT"/benchmarks/data/ft_dev_gold*.jsonl | sort -V) yun)
fi
cd "$ROOT"
for g in "${GOLDS[@]}"; do
  if [ "$g" = yun ]; then
    "$PY" benchmarks/bench_fulltext.py --data "$F/yun_dev" --json "$OUT/yun_full.json" --out "$OUT/yun_full.answers.jsonl" > "$OUT/yun_full.txt" 2>&1
    "$PY" benchmarks/bench_fulltext.py --data "$F/yun_dev" --fragment --json "$OUT/yun_frag.json" \
      --out "$OUT/yun_frag.answers.jsonl" > "$OUT/yun_frag.txt" 2>&1
    continue
  fi
  b=$(basename "$g" .jsonl)
  # An invented set (the Evidence-Inference articles are used up) ships its articles beside its gold.
  arts="$F/evidence_inference_jats"
  [ -d "$(dirname "$g")/${b}_articles" ] && arts="$(dirname "$g")/${b}_articles"
  frag="$OUT/fragments_$b"
  [ -d "$frag" ] || "$PY" benchmarks/make_fragments.py --gold "$g" --articles "$arts" --out "$frag" > /dev/null
  "$PY" benchmarks/bench_fulltext.py --gold "$g" --articles "$arts" --json "$OUT/${b}_full.json" \
    --out "$OUT/${b}_full.answers.jsonl" > "$OUT/${b}_full.txt" 2>&1
  "$PY" benchmarks/bench_fulltext.py --gold "$g" --articles "$frag" --fragment --json "$OUT/${b}_frag.json" \
    --out "$OUT/${b}_frag.answers.jsonl" > "$OUT/${b}_frag.txt" 2>&1
done
for f in "$OUT"/*.txt; do
  [ "$(basename "$f")" = summary.txt ] && continue
  echo "$(basename "$f" .txt): $(grep -m2 'exact match' "$f" | tr -s ' ' | tr '\n' ' ')"
done | tee "$OUT/summary.txt"
