"""Train, cross-check and ship the learned placement of values left unattributed (extract/unplaced_model.py).

    python tools/train_unplaced_model.py collect tests/data/blind3_dev.jsonl ... \
        [--out benchmarks/data/unplaced_inputs.jsonl.gz]
    python tools/train_unplaced_model.py train [benchmarks/data/unplaced_inputs.jsonl.gz] \
        --out extract/models/unplaced_model/ [--report benchmarks/results/unplaced_model_loso.json] [--target 0.9]

``collect`` runs extraction over the golds (minutes) and writes the labelled values, one line per gold file, in the
order given; ``train`` fits and cross-checks from them alone (seconds), so the shipped model's rebuild can be checked
without extraction (``tests/extract/test_unplaced_model_rebuild.py``; an extraction change that alters the values
must come with inputs collected again, which that test checks on the newest gold).

Rows: every value the pipeline leaves unattributed after its readings (the stage collecting, the export gate
off), once per arm of its record. A value-arm pair is right when the value placed on that arm matches a gold
result on value, arm and outcome that no placed value took (the matching of ``tools/evaluate.py``, as the export
gate's trainer labels its promotions; in text order, so a value stated twice is right once). The values the
earlier readings placed join every fit too, each arm labelled right when the value on it matches a gold result
(feature ``source=placed``, weight ``PLACED_WEIGHT``), never the figures: they show the model many more values
whose arm the text names.

Leave-one-set-out: each gold file's values are scored by a model trained on the other files; a value is placed
on its best arm when that arm's lead over the next reaches the threshold. The threshold shipped is the lowest of
``GRID`` whose
pooled held-out placements are right at least ``--target`` of the time (at least ``MIN_PLACED`` of them). A
threshold chosen on the curve it is read from flatters it, so the report also gives the nested figure: each
file's threshold chosen the same way on a leave-one-set-out of the other files alone. The shipped model is
trained on all files. Fixed seed and rounding: same data, same file, byte for byte.

``--pico DIR`` adds the values PICO-Corpus gives an arm side (two-arm studies) to every fit, never to the figures
(round 16: they did not rank the golds' held-out placements better, so ``retrain_learned.sh`` leaves them out).
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import multiprocessing
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract import export_gate, unplaced_model  # noqa: E402
from stemfoot.extract.run import extract_records  # noqa: E402
from stemfoot.tools import evaluate as ev  # noqa: E402
from stemfoot.tools.logistic_fit import fit_logistic  # noqa: E402

SEED = 13
#: Regularisation: C = 1 ranked held-out placements best among 0.1, 0.5, 1 and 2 (18 dev golds, round 16).
C = 1.0
#: The rows of values the earlier readings placed weigh, all together, this share of the left-over values' rows:
#: they teach which cues name an arm, yet are mostly easier than the values left over (round 17, 19 dev golds, the
#: top 10 / 20 / 30 held-out values by lead, scored as the stage decides: 9 / 17 / 23 right at 0.5, 9 / 17 / 24 at
#: 0.25, 9 / 18 / 23 at 1, 8 / 16 / 22 without them).
PLACED_WEIGHT = 0.5
GRID = [round(0.2 + 0.01 * i, 2) for i in range(0, 80)]
#: A threshold must place at least this many held-out values: a precision over a handful is no evidence.
MIN_PLACED = 10

#: Where ``collect`` writes and ``train`` reads by default.
INPUTS = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "unplaced_inputs.jsonl.gz"

#: One value: its arms' (features, right) pairs.
Value = dict[str, tuple[dict[str, float], bool]]


def label_record(rec: dict, out: dict) -> list[Value]:
    """The candidate values of one extracted record (collected with the export gate off), each arm labelled."""
    gold = rec["gold"]
    mapping = ev.arm_mapping(gold, out)
    arm_roles = mapping[2]
    stats = ev.exported_results(out)
    claimed = [s for s in stats if s["_target"] != "unattributed" and unplaced_model.FEATURES_KEY not in s]
    atoms = ev.result_atoms(gold)

    def fits(atom: dict, st: dict) -> bool:
        return ev.result_right(atom, st, mapping)

    taken = set(ev.greedy_match(atoms, claimed, fits))
    values = []
    for st in sorted((s for s in stats if unplaced_model.FEATURES_KEY in s), key=lambda s: s["evidence"]["start"]):
        value: Value = {}
        hits = []
        for arm, feats in sorted(st[unplaced_model.FEATURES_KEY].items()):
            placed = {**st, "_target": "arm", "arm": arm, "arm_role": arm_roles.get(arm)}
            hit = next((ai for ai, atom in enumerate(atoms) if ai not in taken and fits(atom, placed)), None)
            value[arm] = (feats, hit is not None)
            if hit is not None:
                hits.append(hit)
        if hits:
            taken.add(hits[0])
        if value:
            values.append(value)
    return values


#: A feature only the rows of values the earlier readings placed carry (never set at run time): it takes up how
#: those values, mostly the easy ones, differ from the ones left over (as ``EXTRA_SOURCE`` for PICO-Corpus's).
PLACED_SOURCE = "source=placed"


def label_placed(rec: dict, out: dict) -> list[Value]:
    """The values the earlier readings placed on an arm (collected with their per-arm features), each arm labelled
    right when the value on it matches a gold result on value, arm and outcome (its own placement may have taken
    that result)."""
    gold = rec["gold"]
    mapping = ev.arm_mapping(gold, out)
    atoms = ev.result_atoms(gold)
    values = []
    for st in ev.exported_results(out):
        rows = st.get(unplaced_model.PLACED_KEY)
        if not rows:
            continue
        values.append({arm: ({**feats, PLACED_SOURCE: 1.0}, any(ev.result_right(
            atom, {**st, "_target": "arm", "arm": arm, "arm_role": mapping[2].get(arm)}, mapping) for atom in atoms))
            for arm, feats in sorted(rows.items())})
    return values


def collect(paths: list[str]) -> dict[str, dict]:
    """Per gold file: its candidate values, the values the earlier readings placed, its number of gold results."""
    data = {}
    for path in paths:
        records = ev.load_gold(path)
        with unplaced_model.SWITCH.collecting([]), export_gate.disabled():
            outs = list(extract_records(((r.get("title"), r["abstract"]) for r in records), pico=False))
        values = [v for rec, out in zip(records, outs) for v in label_record(rec, out)]
        data[Path(path).name.replace(".jsonl", "")] = {
            "values": values, "placed": [v for rec, out in zip(records, outs) for v in label_placed(rec, out)],
            "gold": sum(len(ev.result_atoms(r["gold"])) for r in records)}
    return data


#: A feature only the PICO-Corpus rows carry (never set at run time): it takes up how their values differ from the
#: golds' (only values the corpus gives a side, so nearly all have a right arm), as ``train_export_gate.EXTRA_SOURCE``.
EXTRA_SOURCE = "source=extra"


def pico_values(data: Path) -> list[Value]:
    """Values PICO-Corpus gives an arm side (``tools/pico_gate_rows.py``'s reading of its annotations) among those
    the pipeline leaves unattributed, in studies of two arms, one on each side: each arm labelled right when it is
    on the value's side. Outcome features are dropped (the corpus labels no outcome)."""
    from stemfoot.tools import pico_gate_rows as pg

    root = data / "pico_corpus_brat_annotated_files" if (data / "pico_corpus_brat_annotated_files").is_dir() else data
    files = sorted(root.glob("*.txt"))
    out: list[Value] = []
    with unplaced_model.SWITCH.collecting([]), export_gate.disabled():
        recs = extract_records(((None, f.read_text("utf-8")) for f in files), pico=False)
        for path, rec in zip(files, recs):
            roles = {a["label"]: a.get("role") for a in rec["arms"] if not a.get("members")}
            if len(roles) != 2 or sorted(pg.side(r) or "" for r in roles.values()) != ["cv", "iv"]:
                continue
            sided = pg.sided_values(pg.read_ann(path.with_suffix(".ann")))
            for st in rec["statistics"]:
                rows = st.get(unplaced_model.FEATURES_KEY)
                ev_ = st["evidence"]
                hit = next((v for v in sided if st.get(v[0]) is not None and abs(st[v[0]] - v[4]) < 1e-6
                            and ev_["start"] < v[3] and v[2] < ev_["end"]), None) if rows else None
                if hit is None:
                    continue
                out.append({arm: ({**{k: x for k, x in f.items() if not k.startswith(pg.OUTCOME_FEATURES)},
                                   EXTRA_SOURCE: 1.0}, pg.side(roles.get(arm)) == hit[1])
                            for arm, f in sorted(rows.items())})
    return out


def fit(values: list[Value], extra: list[Value] = (), placed: list[Value] = ()) -> dict:
    """The logistic spec over every value-arm pair (the golds' left-over values, the extra values, and the values
    the earlier readings placed, these weighing ``PLACED_WEIGHT`` of the left-over ones all together)."""
    rows = [(f, int(r)) for v in [*values, *extra] for f, r in v.values()]
    more = [(f, int(r)) for v in placed for f, r in v.values()]
    w = PLACED_WEIGHT * len(rows) / len(more) if more else 1.0
    return fit_logistic(rows + more, c=C, seed=SEED, weights=[1.0] * len(rows) + [round(w, 6)] * len(more))


def score(spec: dict, values: list[Value]) -> list[tuple[float, bool]]:
    """Per value: the best arm's lead over the next and whether that arm is right (no arm, as the stage decides,
    on a tie or when the rules named another arm: feature ``rule_this`` on that arm's row)."""
    model = unplaced_model.PlacementModel({**spec, "threshold": 0.0})
    out = []
    for v in values:
        arm, lead = unplaced_model.margin({arm: model.predict(f) for arm, (f, _) in v.items()})
        rule = next((a for a, (f, _) in v.items() if f.get("rule_this")), None)
        out.append((lead, v[arm][1]) if arm is not None and rule in (None, arm) else (0.0, False))
    return out


def placed(scored: list[tuple[float, bool]], thr: float) -> dict:
    """Placed values at ``thr``: right, wrong, precision."""
    got = [r for p, r in scored if p >= thr]
    return {"threshold": thr, "placed": len(got), "right": sum(got), "wrong": len(got) - sum(got),
            "precision": round(sum(got) / len(got), 4) if got else None}


def choose_threshold(scored: list[tuple[float, bool]], target: float) -> float:
    """The lowest grid threshold whose placements reach ``target`` precision (at least ``MIN_PLACED``); else off."""
    for t in GRID:
        fig = placed(scored, t)
        if fig["placed"] >= MIN_PLACED and fig["precision"] >= target:
            return t
    return 1.01


class Folds:
    """Held-out scores of models trained without some of the sets (each model fitted once)."""

    def __init__(self, data: dict[str, dict], extra: list[Value] = ()) -> None:
        self.data = data
        self.extra = list(extra)
        self._scores: dict[frozenset, dict[str, list[tuple[float, bool]]]] = {}

    def _fit_without(self, left_out: frozenset) -> dict[str, list[tuple[float, bool]]]:
        kept = [n for n in self.data if n not in left_out]
        spec = fit([v for n in kept for v in self.data[n]["values"]], self.extra,
                   [v for n in kept for v in self.data[n]["placed"]])
        return {n: score(spec, self.data[n]["values"]) for n in sorted(left_out)}

    def without(self, left_out: frozenset) -> dict[str, list[tuple[float, bool]]]:
        """The left-out sets' scores by a model fitted without them (cached: nested folds reuse fits)."""
        if left_out not in self._scores:
            self._scores[left_out] = self._fit_without(left_out)
        return self._scores[left_out]

    def prefetch(self, keys: list[frozenset], jobs: int) -> None:
        """Fit the folds ``keys`` name in ``jobs`` processes (each fit is deterministic and independent of the
        others, so the figures are those of fitting them one by one, in any order)."""
        todo = [k for k in dict.fromkeys(keys) if k not in self._scores]
        if jobs <= 1 or len(todo) < 2:
            return
        global _FOLDS
        _FOLDS = self  # read by the forked workers (``_fit_fold``), not pickled per task
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for key, got in zip(todo, pool.map(_fit_fold, todo, chunksize=1)):
                self._scores[key] = got

    def loso(self, names: list[str]) -> dict[str, list[tuple[float, bool]]]:
        """Each named set's scores by a model of the other named sets alone."""
        outside = frozenset(self.data) - frozenset(names)
        return {n: self.without(outside | {n})[n] for n in names}


_FOLDS: Folds | None = None


def _fit_fold(left_out: frozenset) -> dict[str, list[tuple[float, bool]]]:
    from threadpoolctl import threadpool_limits  # scikit-learn's own dependency

    assert _FOLDS is not None
    with threadpool_limits(limits=1):  # one BLAS thread per process: the processes share the cores
        return _FOLDS._fit_without(left_out)


def nested(folds: Folds, target: float) -> dict:
    """Per file, the threshold chosen on a leave-one-set-out of the other files alone, applied to its scores."""
    scored = folds.loso(list(folds.data))
    per_set = []
    for held, own in scored.items():
        inner = folds.loso([n for n in scored if n != held])
        thr = choose_threshold([x for xs in inner.values() for x in xs], target)
        per_set.append({"held_out": held, **placed(own, thr)})
    right, n = sum(r["right"] for r in per_set), sum(r["placed"] for r in per_set)
    return {"per_set": per_set, "pooled": {"placed": n, "right": right, "wrong": n - right,
                                           "precision": round(right / n, 4) if n else None}}


def dump(data: dict[str, dict], path: Path) -> None:
    """Write collected values, one line per gold file in order (insertion order kept: it is the fit's row order)."""
    raw = "".join(json.dumps({"set": n, **d}) + "\n" for n, d in data.items()).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime 0: the same inputs give the same bytes.
    path.write_bytes(gzip.compress(raw, mtime=0) if path.suffix == ".gz" else raw)


def load(path: Path) -> dict[str, dict]:
    """Collected values by gold file (``.gz``: gzip-compressed); JSON's lists stand for the (features, right) pairs."""
    raw = gzip.decompress(path.read_bytes()).decode("utf-8") if path.suffix == ".gz" else path.read_text("utf-8")
    lines = [json.loads(l) for l in raw.splitlines() if l.strip()]
    return {l.pop("set"): l for l in lines}


def train(data: dict[str, dict], out: Path, report_path: Path | None, target: float, pico: Path | None,
          jobs: int = 1, with_nested: bool = True) -> None:
    """Choose the threshold by leave-one-set-out, write the model and report (``jobs``: processes for the folds;
    ``with_nested``: the report's nested figure, a fit per pair of sets, which the model and threshold never use)."""
    extra = pico_values(pico) if pico else []
    names = list(data)
    folds = Folds(data, extra)
    # Every fold the figures use: one set out, and (for the nested figure) each pair of sets out.
    folds.prefetch([frozenset({n}) for n in names]
                   + ([frozenset(p) for p in itertools.combinations(names, 2)] if report_path and with_nested else []), jobs)
    scored = folds.loso(names)
    pooled = [x for n in names for x in scored[n]]
    thr = choose_threshold(pooled, target)
    n_values = sum(len(data[n]["values"]) for n in names)
    n_right = sum(any(r for _, r in v.values()) for n in names for v in data[n]["values"])
    report = {"threshold": thr, "target_precision": target, "values": n_values, "values_with_right_arm": n_right,
              "pico_values": len(extra),
              "pooled": placed(pooled, thr), "per_set": {n: placed(scored[n], thr) for n in names},
              "curve": [placed(pooled, t) for t in GRID if round(t * 100) % 5 == 0]}
    if report_path and with_nested:
        report["nested"] = nested(folds, target)
    model = {**fit([v for n in names for v in data[n]["values"]], extra, [v for n in names for v in data[n]["placed"]]),
             "threshold": thr, "trained_on": names,
             "seed": SEED, "C": C, "target_precision": target, "pico_values": len(extra)}
    out.mkdir(parents=True, exist_ok=True)
    (out / "model.json").write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if report_path:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"{n_values} unattributed values, {n_right} with a right arm ({len(extra)} PICO-Corpus values); "
          f"threshold {thr}")
    for c in report["curve"]:
        print(f"  thr {c['threshold']:.2f}  placed {c['placed']:4d}  right {c['right']:4d}  P {c['precision']}")
    if "nested" in report:
        p = report["nested"]["pooled"]
        print(f"nested: placed {p['placed']}, right {p['right']}, wrong {p['wrong']} (P {p['precision']})")
    p = report["pooled"]
    print(f"LOSO at {thr}: placed {p['placed']}, right {p['right']}, wrong {p['wrong']} (P {p['precision']})")


def main(argv: list[str] | None = None) -> int:
    """``collect`` the golds' values, or ``train`` from them."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect", help="extract the golds, write their labelled values (JSONL, .gz)")
    c.add_argument("gold", nargs="+", help="gold JSONL files (arm-level golds)")
    c.add_argument("--out", type=Path, default=INPUTS)
    t = sub.add_parser("train", help="train from collected values")
    t.add_argument("inputs", type=Path, nargs="?", default=INPUTS)
    t.add_argument("--out", type=Path, default=unplaced_model.MODEL_PATH.parent)
    t.add_argument("--report", type=Path, help="write the leave-one-set-out figures here (JSON)")
    # 0.9: scored as the stage decides (never on an arm other than the one the rules named), no threshold reaches
    # 0.95 with MIN_PLACED placed on the 19 golds held out (round 17); the export gate (0.95) still decides exports.
    t.add_argument("--target", type=float, default=0.9, help="held-out precision the placements must reach")
    t.add_argument("--pico", type=Path, help="PICO-Corpus folder: its values with an arm side join every fit "
                   "(never scored in the golds' figures)")
    t.add_argument("--jobs", type=int, default=1, help="processes for the leave-one-set-out fits (same output)")
    t.add_argument("--no-nested", dest="nested", action="store_false",
                   help="report without the nested figure (a fit per pair of sets: over an hour at 64 golds on 2 "
                   "cores); the model and its threshold are the same")
    args = ap.parse_args(argv)
    if args.cmd == "collect":
        data = collect(args.gold)
        dump(data, args.out)
        print(f"{sum(len(d['values']) for d in data.values())} values of {len(data)} golds -> {args.out}")
        return 0
    train(load(args.inputs), args.out, args.report, args.target, args.pico, args.jobs, args.nested)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
