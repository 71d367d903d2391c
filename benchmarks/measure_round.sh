#!/bin/bash
# A round's measurement of one checkout: the blind abstract set (summary figures only), the same with the export gate
# off, every abstract dev gold, the blind full-text set and Yun's dev split (full JATS and fragment), and every
# full-text dev gold (full JATS only). Run it on the round's start and on its final tree; compare with
# benchmarks/round_totals.py.
#   bash benchmarks/measure_round.sh OUT BLIND.jsonl FT_BLIND.jsonl [SHARED_FULLTEXT_DIR]
# BLIND.jsonl: the gunzipped abstract set (benchmarks/blind/blindNN.jsonl.gz); FT_BLIND.jsonl: the invented full-text
# gold untarred with its articles beside it as <gold>_articles/ (the tar's articles/ renamed or linked).
# SHARED_FULLTEXT_DIR defaults to ../shared/data/fulltext beside the checkout. Outputs: OUT/blind.txt,
# OUT/blind_gateoff.txt, OUT/dev/ (benchmarks/eval_dev_golds.sh), OUT/ftblind/ (benchmarks/ft_dev_golds.sh),
# OUT/ft/<gold>_full.{txt,json,answers.jsonl}; with KEEP=1 also OUT/keep/<gold>/ (each gold's extracted database and
# queries, for re-answering them with `cli.py outcome-data` while the extraction and models are unchanged).
# Blind sets: read OUT/blind*.txt and OUT/ftblind/summary.txt only.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PY:-$ROOT/.venv/bin/python}
OUT=$(mkdir -p "$1" && cd "$1" && pwd); BLIND=$2; FTBLIND=$3
F=${4:-$ROOT/../shared/data/fulltext}
cd "$ROOT"
"$PY" cli.py evaluate --gold "$BLIND" --n-process 2 > "$OUT/blind.txt" 2>&1
"$PY" benchmarks/eval_gate_off.py "$BLIND" > "$OUT/blind_gateoff.txt" 2>&1
PY=$PY bash benchmarks/eval_dev_golds.sh "$OUT/dev" > /dev/null
PY=$PY bash benchmarks/ft_dev_golds.sh "$F" "$OUT/ftblind" "$FTBLIND" yun > /dev/null
mkdir -p "$OUT/ft"
for g in $(ls benchmarks/data/ft_dev_gold*.jsonl | sort -V); do
  b=$(basename "$g" .jsonl); arts=$F/evidence_inference_jats
  [ -d "benchmarks/data/${b}_articles" ] && arts=benchmarks/data/${b}_articles
  "$PY" benchmarks/bench_fulltext.py --gold "$g" --articles "$arts" ${KEEP:+--keep "$OUT/keep/$b"} --json "$OUT/ft/${b}_full.json" \
    --out "$OUT/ft/${b}_full.answers.jsonl" > "$OUT/ft/${b}_full.txt" 2>&1
done
