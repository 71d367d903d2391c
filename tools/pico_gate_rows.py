"""Export-gate training rows from PICO-Corpus (Mutinda et al. 2022): is a value on the right arm side?

    python tools/pico_gate_rows.py --data ../shared/data/numeric/pico_corpus_mutinda \
        --out benchmarks/data/export_gate_pico_rows.jsonl.gz

The corpus labels which side each per-arm number belongs to (``iv-bin-abs``, ``cv-cont-mean``, ...: intervention
vs control), not its outcome, and the dev golds the gate trains on had their rules written on them, so their
placements are cleaner than on new text. Each gated candidate of an abstract (as ``tools/train_export_gate.py``
collects them) that states a labelled number becomes a row: right when it sits on an arm of the labelled side,
wrong when it sits on the other side, on the whole cohort or on the comparison. Only two-arm studies (as the
arm inventory reads them) give rows: there a side is one arm; with more arms the right side can still be the
wrong arm. The label says nothing about the outcome, so the row keeps no outcome feature (a zero feature
leaves its weight to the golds). The rows go to ``train_export_gate.py --extra``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import warnings
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract import export_gate  # noqa: E402
from stemfoot.extract.numbers import NUM, WORD_NUM, parse_number  # noqa: E402

#: The statistic field that states each annotated kind of number.
FIELD = {"bin-abs": "events", "bin-percent": "percent", "cont-mean": "mean", "cont-sd": "sd", "cont-median": "median"}
#: Gate features about the outcome: a side label neither supports nor refutes them.
OUTCOME_FEATURES = ("no_outcome", "outcome=", "outcome_", "outcomes_in_sentence=", "flag=outcome_",
                    "flag=effect_outcome_")
#: Our roles on the corpus's control side (its "control" is any comparator).
CONTROL_ROLES = {"control", "active_comparator"}


def read_ann(path: Path) -> list[tuple[str, int, int, str]]:
    """Continuous text-bound entities of a BRAT .ann file: (label, start, end, text)."""
    entities = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0].startswith("T") or ";" in parts[1]:
            continue
        label, start, end = parts[1].split(" ")
        entities.append((label, int(start), int(end), parts[2]))
    return entities


def gold_value(text: str) -> float | None:
    """The first number an annotation's text states."""
    m = re.search(rf"{NUM}|(?i:{WORD_NUM})", text)
    parsed = parse_number(m.group()) if m else None
    return parsed.value if parsed else None


def sided_values(entities: list[tuple[str, int, int, str]]) -> list[tuple[str, str, int, int, float]]:
    """(statistic field, side ``iv``/``cv``, start, end, value) of each annotated per-arm number."""
    out = []
    for label, start, end, text in entities:
        side, _, kind = label.partition("-")
        value = gold_value(text)
        if kind in FIELD and side in ("iv", "cv") and value is not None:
            out.append((FIELD[kind], side, start, end, value))
    return out


def side(role: str | None) -> str | None:
    """The corpus side of one of our arm roles: none for an arm neither intervention nor comparator (a
    ``named_group``, a single group, no role)."""
    return "cv" if role in CONTROL_ROLES else "iv" if role == "intervention" else None


def label_rows(statistics: list[dict], arms: list[dict], values: list[tuple[str, str, int, int, float]]
               ) -> list[tuple[dict[str, float], bool, bool]]:
    """(features without outcome features, right side, promoted) of each collected gate candidate that states an
    annotated per-arm number (same value, overlapping span), in a study with exactly two arms, one on each side: with
    two interventions (a dose comparison) or an arm of no side, a value placed on the comparator's arm would be
    labelled by the wrong side."""
    own = [a for a in arms if not a.get("members")]
    roles = {a["label"]: a.get("role") for a in own}
    if len(own) != 2 or sorted(side(r) or "" for r in roles.values()) != ["cv", "iv"]:
        return []
    rows = []
    for st in statistics:
        feats = st.get("_gate_features")
        if feats is None:
            continue
        ev = st["evidence"]
        hit = next((v for v in values if st.get(v[0]) is not None and abs(st[v[0]] - v[4]) < 1e-6
                    and ev["start"] < v[3] and v[2] < ev["end"]), None)
        if hit is None:
            continue
        promoted = "promoted" in feats
        if promoted:
            placed = side(roles.get((st.get("attribution") or {}).get("model_arm")))
        else:
            # On the cohort or the comparison, a number the corpus gives one arm is misplaced.
            placed = side(st.get("arm_role")) if st.get("target") == "arm" else None
        kept = {k: v for k, v in feats.items() if not k.startswith(OUTCOME_FEATURES) and k != "promoted"}
        rows.append((kept, placed == hit[1], promoted))
    return rows


def collect(data: Path) -> list[dict]:
    """Every labelled row of the corpus's abstracts, in file order (``id``: the abstract's file name)."""
    from stemfoot.extract.run import extract_records

    root = data / "pico_corpus_brat_annotated_files" if (data / "pico_corpus_brat_annotated_files").is_dir() else data
    files = sorted(root.glob("*.txt"))
    if not files:
        raise SystemExit(f"{root}: no .txt files")
    with export_gate.collecting():
        outs = extract_records(((None, f.read_text("utf-8")) for f in files), pico=False)
        out = []
        for path, rec in zip(files, outs):
            values = sided_values(read_ann(path.with_suffix(".ann")))
            for feats, right, promoted in label_rows(rec["statistics"], rec["arms"], values):
                out.append({"id": path.stem, "features": feats, "right": right, "promoted": promoted})
    return out


def write_rows(rows: list[dict], path: Path) -> None:
    """JSONL (gzip-compressed for ``.gz``, with no timestamp: same rows, same bytes)."""
    raw = "".join(json.dumps(r, sort_keys=True) + "\n" for r in rows).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(raw, mtime=0) if path.suffix == ".gz" else raw)


def read_rows(path: Path) -> list[dict]:
    """The rows ``write_rows`` wrote."""
    raw = gzip.decompress(path.read_bytes()).decode("utf-8") if path.suffix == ".gz" else path.read_text("utf-8")
    return [json.loads(line) for line in raw.splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="PICO-Corpus folder (BRAT .txt/.ann pairs)")
    ap.add_argument("--out", type=Path, required=True, help="rows file (JSONL, .gz to compress)")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore", message=r".*W036")
    rows = collect(args.data)
    write_rows(rows, args.out)
    print(f"{len(rows)} rows from {len({r['id'] for r in rows})} abstracts: {sum(r['right'] for r in rows)} right side, "
          f"{sum(r['promoted'] for r in rows)} promotion candidates -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
