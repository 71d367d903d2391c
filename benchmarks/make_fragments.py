"""Abstract+results fragments of full JATS articles, in the form Yun et al. 2024 gave their models.

    python benchmarks/make_fragments.py --gold benchmarks/data/ft_dev_gold5.jsonl \
        --articles ../shared/data/fulltext/evidence_inference_jats --out /tmp/frag5

Writes ``PMC<id>.xml`` for every article of the gold: the ``<abstract>`` elements, then each
outermost body ``<sec>`` whose title or ``sec-type`` says Results (with the sections after it
at its level, up to Discussion), then the floating tables
(``<floats-group>``) those sections cite by ``<xref ref-type="table">``: the fragments of
``yun_dev`` have the same parts. Measure them with ``bench_fulltext.py --gold G --articles OUT
--fragment``, which wraps each fragment as acceptance does.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

from defusedxml.ElementTree import fromstring

_RESULTS = re.compile(r"\bresults?\b", re.I)
_END = re.compile(r"\b(?:discussion|conclusions?|limitations?|comment|summary)\b", re.I)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _title(sec: ET.Element) -> str:
    title = next((c for c in sec if _local(c.tag) == "title"), None)
    return "".join(title.itertext()) if title is not None else ""


def _results_sections(node: ET.Element) -> list[ET.Element]:
    """The outermost sections titled or typed Results, at any depth ("Data analysis and results" under Methods)."""
    found: list[ET.Element] = []
    in_results = False
    for sec in node:
        if _local(sec.tag) != "sec":
            continue
        if _RESULTS.search(sec.get("sec-type") or "") or _RESULTS.search(_title(sec)):
            in_results = True
        elif _END.search(_title(sec)):
            in_results = False
        # Sections after a Results heading at the same level, up to Discussion, are results too.
        if in_results:
            found.append(sec)
        else:
            found += _results_sections(sec)
    return found


def fragment(nxml: bytes) -> str:
    """The abstract(s), the Results sections and the floating tables they cite, as one XML fragment."""
    root = fromstring(nxml)
    article = root if _local(root.tag) == "article" else next(e for e in root.iter() if _local(e.tag) == "article")
    parts = [a for a in article.iter() if _local(a.tag) == "abstract" and not a.get("abstract-type")]
    body = next((c for c in article if _local(c.tag) == "body"), None)
    results = _results_sections(body) if body is not None else []
    parts += results
    cited = {x.get("rid") for s in results for x in s.iter()
             if _local(x.tag) == "xref" and x.get("ref-type") == "table"}
    inline = {id(t) for s in results for t in s.iter() if _local(t.tag) == "table-wrap"}
    parts += [t for t in article.iter()
              if _local(t.tag) == "table-wrap" and id(t) not in inline and t.get("id") in cited]
    return "".join(ET.tostring(p, encoding="unicode") for p in parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", required=True, help="gold JSONL (its pmcid field names the articles)")
    ap.add_argument("--articles", required=True, help="folder of PMC<id>.nxml")
    ap.add_argument("--out", required=True, help="folder to write PMC<id>.xml fragments into")
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    ids = sorted({str(json.loads(line)["pmcid"]).removeprefix("PMC")
                  for line in Path(args.gold).read_text("utf-8").splitlines() if line.strip()})
    for pmc in ids:
        src = Path(args.articles) / f"PMC{pmc}.nxml"
        if not src.exists():
            print(f"{src}: missing", file=sys.stderr)
            continue
        dst = out / f"PMC{pmc}.xml"
        if dst.resolve() == src.resolve():
            raise SystemExit(f"{dst}: would overwrite an input")
        dst.write_text(fragment(src.read_bytes()), "utf-8")
    print(f"{len(ids)} fragments in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
