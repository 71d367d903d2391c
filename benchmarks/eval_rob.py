"""Agreement of the machine RoB 2 suggestions (review/rob.py) with a reference set.

    PYTHONPATH=<pp-dir> python benchmarks/eval_rob.py --gold /work/robgold/rob_gold.jsonl \\
        --articles ../shared/data/fulltext/evidence_inference_jats --out benchmarks/results/rob_eval.json

Gold: one JSON object a line with ``pmcid``, ``domains.D1..D5.judgement`` and
``overall`` (low / some_concerns / high), plus ``registration``, ``blinding``
(participants, assessors, placebo_or_sham), ``itt`` and ``attrition``
(randomised, analysed). The article text is read from ``<pmcid>.nxml`` with the
minimal JATS reader below (front title + abstract, body, back matter without the
reference list; table cells are skipped, captions and footnotes kept).
All studies are assessed as randomised (RoB 2). A machine ``no_information``
counts as ``some_concerns`` (RoB 2 has no NI judgement; NI answers lead to some
concerns). Reported: per-domain and overall accuracy and Cohen's kappa with
confusion matrices, and agreement on the supporting facts.
Anchors: RobotReviewer ~71 % per-domain accuracy, Cochrane reviewers ~78 %
(Marshall et al. JAMIA 2016), on RoB 1 domains.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from defusedxml.ElementTree import parse as xml_parse

from stemfoot.review.rob import _assessors_blinded, _blinded_pp, _has, assess
from stemfoot.review.screening import cohens_kappa

LABELS = ("low", "some_concerns", "high")
_BLOCK = {"p", "title", "article-title", "sec", "abstract", "caption", "fn", "list-item", "label", "td", "th",
          "tr", "disp-quote", "notes", "ack"}
_SKIP = {"ref-list", "table", "graphic", "inline-graphic", "disp-formula", "inline-formula", "media", "xref"}


def _walk(el, out: list[str]) -> None:
    tag = el.tag.split("}")[-1] if isinstance(el.tag, str) else ""
    if tag in _SKIP:
        if tag == "xref" and el.tail:  # keep the text after a citation marker
            out.append(el.tail)
        return
    if tag in _BLOCK:
        out.append("\n\n")
    if el.text:
        out.append(el.text)
    for ch in el:
        _walk(ch, out)
    if tag in _BLOCK:
        out.append("\n\n")
    if el.tail and tag != "xref":
        out.append(el.tail)


def article_text(path: Path) -> str:
    """Title, abstract, body and back matter of a JATS article as plain text (minimal reader)."""
    root = xml_parse(str(path)).getroot()
    parts: list[str] = []
    for sel in (".//article-meta/title-group/article-title", ".//article-meta/abstract", ".//body", ".//back"):
        for el in root.findall(sel):
            buf: list[str] = []
            _walk(el, buf)
            parts.append("".join(buf))
    import re

    text = "\n\n".join(parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\s*\n\s*\n\s*", "\n\n", text).strip()


def _norm(j: str | None) -> str:
    j = (j or "").strip().lower().replace(" ", "_")
    return "some_concerns" if j in ("no_information", "some_concern", "unclear", "moderate") else j


def _machine_facts(a) -> dict:
    s = a.signals
    itt = "itt" if _has(s, "analysis", "itt") else ("modified_itt" if _has(s, "analysis", "modified_itt") else (
        "per_protocol" if _has(s, "analysis", "per_protocol") else "not_stated"))
    return {
        "registration": a.registrations,
        "participants_blinded": bool(_blinded_pp(s) or _has(s, "blinding", "participants")),
        "assessors_blinded": bool(_assessors_blinded(s)),
        "placebo_or_sham": bool(_has(s, "blinding", "placebo", "sham")),
        "itt": itt,
        "randomised": a.attrition.randomised if a.attrition else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--articles", type=Path, default=Path("../shared/data/fulltext/evidence_inference_jats"))
    ap.add_argument("--several", type=int, default=3, help="RoB 2 overall: some-concerns domains that make it high")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--label", default="", help="a name for this run in the output (e.g. blind, after)")
    args = ap.parse_args()
    gold = []
    for n, line in enumerate(args.gold.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                gold.append(json.loads(line))
            except json.JSONDecodeError as exc:
                sys.exit(f"{args.gold}:{n}: not JSON ({exc.msg})")
    pairs: dict[str, list[tuple[str, str]]] = {d: [] for d in ("D1", "D2", "D3", "D4", "D5", "overall")}
    facts: dict[str, list[tuple]] = {k: [] for k in ("registration_present", "registration_id", "participants_blinded",
                                                     "assessors_blinded", "placebo_or_sham", "itt", "randomised")}
    per_study = []
    for g in gold:
        path = args.articles / f"{g['pmcid']}.nxml"
        if not path.exists():
            print(f"{g['pmcid']}: no article at {path}; skipped", file=sys.stderr)
            continue
        a = assess(article_text(path), g["pmcid"], design="randomised", several=args.several)
        row = {"pmcid": g["pmcid"]}
        for d in ("D1", "D2", "D3", "D4", "D5"):
            gj, mj = _norm(g["domains"][d]["judgement"]), _norm(a.judgement(d))
            pairs[d].append((gj, mj))
            row[d] = [gj, mj]
        pairs["overall"].append((_norm(g["overall"]), _norm(a.overall)))
        row["overall"] = [_norm(g["overall"]), _norm(a.overall)]
        per_study.append(row)
        m = _machine_facts(a)
        greg = g.get("registration")
        facts["registration_present"].append((bool(greg), bool(m["registration"])))
        if greg and m["registration"]:
            facts["registration_id"].append((str(greg).replace(" ", "").upper(),
                                             "|".join(m["registration"]).replace(" ", "").upper()))
        b = g.get("blinding") or {}
        for k_g, k_m in (("participants", "participants_blinded"), ("assessors", "assessors_blinded"),
                         ("placebo_or_sham", "placebo_or_sham")):
            if isinstance(b.get(k_g), bool):
                facts[k_m].append((b[k_g], m[k_m]))
        if g.get("itt"):
            facts["itt"].append((str(g["itt"]), m["itt"]))
        ga = (g.get("attrition") or {}).get("randomised")
        if isinstance(ga, int) and m["randomised"] is not None:
            facts["randomised"].append((ga, m["randomised"]))
    res: dict = {"label": args.label, "n": len(per_study), "several": args.several, "domains": {}}
    accs = []
    for d, pr in pairs.items():
        gl, ml = [p[0] for p in pr], [p[1] for p in pr]
        acc = sum(x == y for x, y in pr) / len(pr) if pr else None
        if d != "overall" and acc is not None:
            accs.append(acc)
        conf = {gv: {mv: sum(1 for x, y in pr if x == gv and y == mv) for mv in LABELS} for gv in LABELS}
        res["domains"][d] = {"accuracy": round(acc, 3) if acc is not None else None,
                             "kappa": None if cohens_kappa(gl, ml) is None else round(cohens_kappa(gl, ml), 3),
                             "gold_counts": dict(Counter(gl)), "machine_counts": dict(Counter(ml)),
                             "confusion_gold_rows_machine_cols": conf}
    res["mean_domain_accuracy"] = round(sum(accs) / len(accs), 3) if accs else None
    fr: dict = {}
    for k, pr in facts.items():
        if not pr:
            continue
        if k == "registration_id":
            fr[k] = {"n": len(pr), "match": sum(1 for gv, mv in pr if gv in mv or any(x in gv for x in mv.split("|")))}
        elif k == "itt":
            fr[k] = {"n": len(pr), "pairs": dict(Counter(f"{gv} -> {mv}" for gv, mv in pr))}
        elif k == "randomised":
            fr[k] = {"n": len(pr), "exact": sum(1 for gv, mv in pr if gv == mv)}
        else:
            fr[k] = {"n": len(pr), "accuracy": round(sum(gv == mv for gv, mv in pr) / len(pr), 3),
                     "kappa": None if cohens_kappa([str(x) for x, _ in pr], [str(y) for _, y in pr]) is None
                     else round(cohens_kappa([str(x) for x, _ in pr], [str(y) for _, y in pr]), 3)}
    res["facts"] = fr
    res["per_study"] = per_study
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    print(f"n = {res['n']}  mean per-domain accuracy = {res['mean_domain_accuracy']}")
    for d, v in res["domains"].items():
        print(f"  {d:8s} accuracy {v['accuracy']}  kappa {v['kappa']}  gold {v['gold_counts']}  "
              f"machine {v['machine_counts']}")
    for k, v in fr.items():
        print(f"  {k}: {v}")


if __name__ == "__main__":
    main()
