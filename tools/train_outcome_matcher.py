"""Train, check on held-out articles and ship the learned outcome matcher (extract/outcome_match.py).

    python tools/train_outcome_matcher.py --articles ../shared/data/fulltext/evidence_inference_jats \
        --prompts ../shared/data/fulltext/prompts_merged.csv --annotations ../shared/data/fulltext/annotations_v2.csv \
        [--exclude benchmarks/data/gold_pmcids.txt] [--golds benchmarks/data/ft_dev_gold.jsonl ...] \
        --out extract/models/outcome_match/ [--report benchmarks/results/outcome_match.json]

Data: Evidence Inference 2.0 (PMC full texts, outcome/intervention/comparator prompts, doctors' evidence
text). For each annotated prompt, the candidates are its article's numeric sentences (abstract, and the
results and methods sections: what ``outcome-data`` reads) and numeric table rows; a candidate is positive
when it is the evidence (a sentence the evidence contains or that contains it; a table row whose words and
numbers the evidence quotes). Prompts with no positive candidate are dropped (evidence with no numbers, or
text the parser renders differently).

Second source, ``--golds``: tuned full-text dev golds (``benchmarks/data/ft_dev_gold*.jsonl``); each item's
outcome / intervention / comparator is a prompt and its ``evidence`` (verbatim sentences, or table rows
written "cell | cell | ...") the evidence. A held-out gold (``train_place_rank.HELD_OUT``) is refused. The
given golds' own articles may be trained on (from their gold items only, not their corpus prompts); every
other article listed in ``--exclude`` and every article of a held-out gold stays out, and the script
asserts that none reaches training.

Held-out checks: articles split 80/20 by a fixed seed; top-1 accuracy (the best-scored candidate is
evidence) of the hand-made ``outcome_similarity`` and of the model trained on the 80%, overall and by
source (corpus / golds). With golds, also leave-one-gold-out: a model trained on everything but one gold
set's articles, scored on that set. The shipped model is trained on all kept articles. Fixed seed and
rounding: same data, same file, byte for byte.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract import outcome_match as om  # noqa: E402
from stemfoot.tools.train_place_rank import HELD_OUT  # noqa: E402

SEED = 17
C = 1.0
_ALNUM = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")


def _words(text: str) -> list[str]:
    return _ALNUM.findall((text or "").lower())


def read_prompts(prompts: Path, annotations: Path) -> dict[str, list[dict]]:
    """PMCID -> annotated prompts ``{outcome, intervention, comparator, evidence: [text, ...]}``."""
    csv.field_size_limit(10 ** 7)
    with prompts.open(newline="", encoding="utf-8") as f:
        by_id = {r["PromptID"]: r for r in csv.DictReader(f)}
    evid: dict[str, list[str]] = {}
    with annotations.open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["PromptID"] in by_id and (r.get("Annotations") or "").strip():
                evid.setdefault(r["PromptID"], []).append(r["Annotations"])
    out: dict[str, list[dict]] = {}
    for pid in sorted(evid, key=int):
        p = by_id[pid]
        out.setdefault(str(p["PMCID"]), []).append({"id": pid, "outcome": p["Outcome"], "intervention": p["Intervention"],
                                                    "comparator": p["Comparator"], "evidence": evid[pid]})
    return out


def gold_name(path: Path) -> str:
    """A gold file's set name as ``HELD_OUT`` writes it (``ft_dev_gold8.jsonl`` -> ``ft_dev_gold8``)."""
    return path.name.removesuffix(".gz").removesuffix(".jsonl")


def refuse_held_out(paths: list[Path]) -> None:
    """Refuse to train on a held-out gold (never trained or tuned on)."""
    held = sorted({gold_name(p) for p in paths} & HELD_OUT)
    if held:
        raise SystemExit(f"error: held-out gold sets given as training data: {', '.join(held)}")


def _gold_items(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def read_golds(paths: list[Path]) -> dict[str, list[dict]]:
    """PMCID -> the golds' items as prompts (``read_prompts``'s form; ids ``SET:line``, ``source`` the set).
    Items without evidence are dropped."""
    refuse_held_out(paths)
    out: dict[str, list[dict]] = {}
    for path in paths:
        name = gold_name(path)
        for i, item in enumerate(_gold_items(path), 1):
            evidence = [e for e in item.get("evidence") or [] if isinstance(e, str) and e.strip()]
            if evidence:
                out.setdefault(str(item["pmcid"]).removeprefix("PMC"), []).append({
                    "id": f"{name}:{i}", "source": name, "outcome": item.get("outcome") or "",
                    "intervention": item.get("intervention") or "", "comparator": item.get("comparator") or "",
                    "evidence": evidence})
    return out


def held_out_articles(data_dir: Path) -> set[str]:
    """The PMC ids of every held-out gold's items (those in ``data_dir``)."""
    ids: set[str] = set()
    for name in sorted(HELD_OUT):
        path = data_dir / f"{name}.jsonl"
        if path.exists():
            ids |= {str(item["pmcid"]).removeprefix("PMC") for item in _gold_items(path)}
    return ids


def article_candidates(article: dict) -> tuple[list[om.Candidate], str]:
    """The numeric sentences (abstract, results, methods) and table rows of a parsed article, and its prose."""
    cands: list[om.Candidate] = []
    for s in om.split_sentences(article.get("abstract") or ""):
        if re.search(r"\d", s):
            cands.append(om.sentence_candidate(s, "abstract"))
    full = article.get("full_text") or ""
    for sec in article.get("sections") or []:
        if sec.get("depth", 0) != 0 or sec["type"] not in ("results", "methods"):
            continue
        kind = om.section_kind(sec.get("title"), sec["type"])  # as the query side reads a section title
        for s in om.split_sentences(full[sec["start"]:sec["end"]]):
            if re.search(r"\d", s):
                cands.append(om.sentence_candidate(s, kind))
    for t in article.get("tables") or []:
        for label, row, only in zip(t["row_prefixed"], t["rows"], t["label_only"]):
            cells = " ".join(row[1:])
            if not only and re.search(r"\d", cells):
                cands.append(om.row_candidate(label, t.get("caption") or "", cells))
    text = "\n\n".join(x for x in (article.get("abstract"), full) if x)
    return cands, text


_TABLE_PREFIX = re.compile(r"^\s*Table\s*[A-Z]?\d*[A-Za-z]?\.?\s*:\s*", re.I)


def _numbers(words: list[str]) -> list[str]:
    return [w for w in words if w[0].isdigit()]


def row_evidence(c: om.Candidate, evidence: str) -> bool:
    """Whether a table row is a gold's row evidence, written "Table N: label | cell | ...": the evidence's row
    label is among the row's (prefixed) label words and the row's cell numbers are the evidence's (in order;
    or at least 2 shared, 80% of each side). A header row ("Table 1: header | ...", empty label) is nobody's."""
    cells = _TABLE_PREFIX.sub("", evidence).split("|")
    label = set(_words(cells[0]))
    if not label or "header" in label or c.kind != "table":
        return False
    if not label <= set(_words(c.label)):
        return False
    row_nums = _numbers(_words(c.raw[len(c.label):]))
    ev_nums = _numbers(_words(" ".join(cells[1:])))
    if row_nums and row_nums == ev_nums:
        return True
    shared = set(row_nums) & set(ev_nums)
    return len(shared) >= 2 and len(shared) >= 0.8 * len(set(row_nums)) and len(shared) >= 0.8 * len(set(ev_nums))


def is_evidence(c: om.Candidate, evidence: list[str]) -> bool:
    """Whether a candidate is (part of) one of the doctors' evidence texts (a gold's "a | b" row: ``row_evidence``)."""
    words = _words(c.raw)
    if not words:
        return False
    cw = set(words)
    for e in evidence:
        if c.kind == "table" and " | " in e and row_evidence(c, e):
            return True
        ew = set(_words(e))
        if not ew:
            continue
        inter = cw & ew
        if c.kind == "sentence":
            if len(inter) >= 0.85 * len(cw) and len(cw) >= 5 or len(inter) >= 0.85 * len(ew) and len(ew) >= 5:
                return True
        else:
            nums = {w for w in cw if w[0].isdigit()}
            if len(nums & ew) >= 2 and len(inter) >= 0.8 * len(cw):
                return True
    return False


def build(articles: Path, prompts: dict[str, list[dict]], pmcids: list[str]) -> list[dict]:
    """One group per prompt and kind (sentence / table row) with a positive: its feature rows and labels."""
    from stemfoot.corpus.jats import parse_jats
    from stemfoot.extract.outcome_query import article_acronyms

    groups = []
    for pmc in pmcids:
        path = articles / f"PMC{pmc}.nxml"
        if not path.exists():
            continue
        try:
            article = parse_jats(path.read_bytes(), path.name)[0]
        except Exception as exc:  # noqa: BLE001 - one unreadable article is skipped, and said
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
            continue
        cands, text = article_candidates(article)
        if not cands:
            continue
        defined = article_acronyms(text)
        for p in prompts[pmc]:
            labels = [is_evidence(c, p["evidence"]) for c in cands]
            # One group per kind that holds evidence: rows are ranked among rows, sentences among sentences
            # (the corpus cites sentences far more often than rows; mixed groups would teach "not a table").
            for kind in sorted({c.kind for c, y in zip(cands, labels) if y}):
                sub = [(c, y) for c, y in zip(cands, labels) if c.kind == kind]
                rows = om.features(p["outcome"], p["intervention"], p["comparator"], [c for c, _ in sub], text, defined)
                groups.append({"pmcid": pmc, "prompt": p["id"], "source": p.get("source", "corpus"), "kind": kind,
                               "x": rows, "y": [y for _, y in sub]})
    return groups


def check_excluded(groups: list[dict], excluded: set[str]) -> None:
    """Refuse to train when any group comes from an excluded (dev or blind gold) article."""
    leaked = sorted({g["pmcid"] for g in groups} & excluded)
    assert not leaked, f"excluded (gold) articles reached training: {', '.join(leaked)}"


def fit(groups: list[dict]) -> dict:
    """Logistic regression (standardised features, L2, balanced classes) as a JSON-able model."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([r for g in groups for r in g["x"]], dtype=float)
    y = np.array([int(v) for g in groups for v in g["y"]])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, random_state=SEED)
    clf.fit((x - mean) / scale, y)
    r6 = lambda v: [round(float(a), 6) for a in v]  # noqa: E731 - rounding makes the file byte-stable
    return {"features": list(om.FEATURES), "mean": r6(mean), "scale": r6(scale), "coef": r6(clf.coef_[0]),
            "intercept": round(float(clf.intercept_[0]), 6), "C": C, "seed": SEED,
            "training": {"prompts": len(groups), "articles": len({g["pmcid"] for g in groups}),
                         "candidates": int(len(y)), "positives": int(y.sum())}}


def top1(groups: list[dict], score) -> float:
    """Share of prompts whose best-scored candidate is evidence (ties: the first)."""
    right = 0
    for g in groups:
        s = score(g)
        best = max(range(len(s)), key=lambda i: s[i])
        right += g["y"][best]
    return right / len(groups) if groups else 0.0


def check_golds_only(groups: list[dict], forbidden: set[str]) -> None:
    """Refuse to train when an article of a held-out gold, or a listed one not the given golds' own, is in."""
    leaked = sorted({g["pmcid"] for g in groups} & forbidden)
    assert not leaked, f"held-out or excluded (gold) articles reached training: {', '.join(leaked)}"


def evaluate(test: list[dict], model: dict | None) -> dict:
    """Top-1 of the hand-made similarity and of ``model`` on held-out groups, overall and by kind (no model: each
    group's own ``p``, its scores by the model that left it out)."""
    i_sim, i_ctx = om.FEATURES.index("sim_label"), om.FEATURES.index("sim_context")
    sim = lambda g: [r[i_sim] for r in g["x"]]  # noqa: E731
    learned = (lambda g: om.probabilities(g["x"], model)) if model else (lambda g: g["p"])  # noqa: E731
    return {"prompts": len(test),
            "candidates_per_prompt": round(sum(len(g["y"]) for g in test) / max(len(test), 1), 1),
            "top1_outcome_similarity": round(top1(test, sim), 4),
            "top1_outcome_similarity_label_or_whole": round(top1(test, lambda g: [
                max(r[i_sim], r[i_ctx]) for r in g["x"]]), 4),
            "top1_matcher": round(top1(test, learned), 4),
            **{f"{kind}_groups": sum(g["kind"] == kind for g in test) for kind in ("sentence", "table")},
            **{f"top1_{kind}_{name}": round(top1([g for g in test if g["kind"] == kind], f), 4)
               for kind in ("sentence", "table") for name, f in (("outcome_similarity", sim), ("matcher", learned))}}


def _natural(name: str) -> str:
    """A sort key: gold2 before gold10."""
    return re.sub(r"\d+", lambda m: m.group().zfill(6), name)


def leave_one_gold_out(groups: list[dict]) -> dict:
    """For each gold set: a model trained on every group but those of the set's articles, scored on the set;
    and pooled (every set's groups scored by the model that left the set out)."""
    out = {}
    scored = []
    for name in sorted({g["source"] for g in groups} - {"corpus"}, key=_natural):
        test = [g for g in groups if g["source"] == name]
        arts = {g["pmcid"] for g in test}
        train = [g for g in groups if g["pmcid"] not in arts]
        if test and train:
            model = fit(train)
            out[name] = {"articles": len(arts), **evaluate(test, model)}
            scored += [{**g, "p": om.probabilities(g["x"], model)} for g in test]
    if scored:
        out["pooled"] = evaluate(scored, None)
    return out


def positives_by_source(groups: list[dict]) -> dict:
    """Per source: prompts kept (with a positive), their sentence and table groups, positive candidates."""
    out: dict[str, dict] = {}
    for g in groups:
        d = out.setdefault(g["source"], {"prompts": set(), "sentence_groups": 0, "table_groups": 0, "positives": 0})
        d["prompts"].add(g["prompt"])
        d[f"{g['kind']}_groups"] += 1
        d["positives"] += sum(g["y"])
    return {k: {**v, "prompts": len(v["prompts"])} for k, v in sorted(out.items())}


def main(argv: list[str] | None = None) -> int:
    shared = Path("../shared/data/fulltext")
    data = Path(__file__).resolve().parents[1] / "benchmarks" / "data"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=Path, default=shared / "evidence_inference_jats")
    ap.add_argument("--prompts", type=Path, default=shared / "prompts_merged.csv")
    ap.add_argument("--annotations", type=Path, default=shared / "annotations_v2.csv")
    ap.add_argument("--exclude", type=Path, default=data / "gold_pmcids.txt",
                    help="PMC ids (one a line, '#' comments) never to train on")
    ap.add_argument("--golds", type=Path, nargs="*", default=[],
                    help="tuned full-text dev golds (JSONL) to train on too; held-out golds are refused")
    ap.add_argument("--held-out-dir", type=Path, default=data,
                    help="where the held-out golds lie (their articles are never trained on)")
    ap.add_argument("--out", type=Path, default=Path(om.MODEL_PATH).parent)
    ap.add_argument("--report", type=Path, help="write the held-out figures (JSON) here")
    args = ap.parse_args(argv)

    refuse_held_out(args.golds)
    lines = (line.split("#", 1)[0].strip() for line in args.exclude.read_text("utf-8").splitlines())
    excluded = {x.removeprefix("PMC") for x in lines if x}
    held_arts = held_out_articles(args.held_out_dir)
    golds = read_golds(args.golds)
    dropped = sorted(set(golds) & held_arts, key=int)
    if dropped:  # an article a held-out gold also asks about: never trained on
        print(f"left out (a held-out gold's article too): {', '.join(dropped)}", file=sys.stderr)
    golds = {k: v for k, v in golds.items() if k not in held_arts}
    forbidden = (excluded - set(golds)) | held_arts
    prompts = {p: v for p, v in read_prompts(args.prompts, args.annotations).items() if p not in excluded | held_arts}
    for pmc, items in golds.items():
        prompts.setdefault(pmc, []).extend(items)
    pmcids = sorted(prompts, key=int)
    groups = build(args.articles, prompts, pmcids)
    check_golds_only(groups, forbidden)
    check_excluded([g for g in groups if g["source"] == "corpus"], excluded)

    order = sorted({g["pmcid"] for g in groups}, key=int)
    if not order:  # the exclusions (every gold's articles) have used up the corpus: nothing to fit or test on
        print(f"error: {args.exclude}: no article with prompts left to train on after the exclusions"
              " (add tuned golds with --golds)", file=sys.stderr)
        return 2
    random.Random(SEED).shuffle(order)
    test_ids = set(order[: len(order) // 5])
    train = [g for g in groups if g["pmcid"] not in test_ids]
    test = [g for g in groups if g["pmcid"] in test_ids]
    held = fit(train)
    report = {
        "held_out": {"articles": len(test_ids), **evaluate(test, held)},
        "train": {"articles": len(order) - len(test_ids), "prompts": len(train)},
        "excluded_pmcids": len(excluded),
    }
    if golds:
        src = lambda g: "corpus" if g["source"] == "corpus" else "golds"  # noqa: E731
        report["held_out_by_source"] = {
            name: {"articles": len({g["pmcid"] for g in test if src(g) == name}),
                   **evaluate([g for g in test if src(g) == name], held)} for name in sorted({src(g) for g in test})}
        report["leave_one_gold_out"] = leave_one_gold_out(groups)
        report["golds"] = {"sets": sorted({gold_name(p) for p in args.golds}), "held_out_articles_left_out": len(dropped),
                           "kept": positives_by_source(groups)}
    model = fit(groups)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "model.json").write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", "utf-8")
    print(json.dumps(report, indent=1))
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
