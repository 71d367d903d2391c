"""PMC JATS full texts (``<article>`` or ``<pmc-articleset>``), parsed safely into plain records.

A record holds ids, title, abstract, year, journal, authors, the body as one
string (``full_text``) with section offsets, the tables as grids (header rows
joined per column, rowspan/colspan expanded, label-only rows turned into row
prefixes) with their own stored text and per-cell offsets, and the original
XML bytes. The XML is parsed with defusedxml: a DOCTYPE is allowed (PMC files
carry one) but never fetched, and any entity declaration or external
reference is refused with a one-line error.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterable

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from stemfoot.corpus.errors import IngestError

SECTION_TYPES = ("introduction", "methods", "results", "discussion", "other")
#: Title words -> section type; the first matching rule wins (so "Results and discussion" is results).
_SECTION_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"supplementary|abbreviations|competing|acknowledg|contributions|funding|disclosure|conflicts?"
                r"|pre-publication|key messages", re.I), "other"),
    (re.compile(r"\bresults?\b|\bfindings\b|\boutcomes?\b", re.I), "results"),
    (re.compile(r"\bmethods?\b|\bmethodology\b|\bmaterials?\b|\bpatients and\b|\bsubjects\b|\bparticipants\b"
                r"|\bstudy design\b|\bstatistic|\bprocedures?\b|\binterventions?\b|\btrial design\b", re.I), "methods"),
    (re.compile(r"\bdiscussion\b|\bconclusions?\b|\blimitations?\b|\bcomment\b", re.I), "discussion"),
    (re.compile(r"\bintroduction\b|\bbackground\b|\brationale\b|\bobjectives?\b|\baims?\b", re.I), "introduction"),
]
#: Elements whose text is not prose (their content lives in ``tables`` or nowhere).
_SKIP_IN_PROSE = {"table-wrap", "fig", "supplementary-material", "table-wrap-group", "fig-group",
                  "disp-formula", "graphic", "media", "inline-graphic", "alternatives"}
_BLOCKS = {"p", "title", "sec", "list-item", "list", "def-item", "boxed-text", "statement", "disp-quote", "label"}
#: Markers of JATS in the first bytes of a file.
_JATS_ROOT = re.compile(rb"<(?:pmc-articleset|article)[\s>]")
_JATS_HINT = re.compile(rb"JATS|NLM//DTD|journal-publishing|archivearticle|<front>|<article-meta>|<pmc-articleset")


def is_jats(head: bytes) -> bool:
    """True when the first bytes of a file look like a JATS article or a PMC article set."""
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    return bool(_JATS_ROOT.search(head)) and (bool(_JATS_HINT.search(head)) or b"<article" in head[:4096])


#: Prefixes PMC uses; fragments cut from an article keep ``xlink:href`` without the declaration.
_NAMESPACES = (b' xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mml="http://www.w3.org/1998/Math/MathML"'
               b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ali="http://www.niso.org/schemas/ali/1.0/"')


def _declare_namespaces(data: bytes) -> bytes:
    """Declare the usual JATS prefixes on the root element (those it does not declare already)."""
    m = re.search(rb"<(?:pmc-articleset|article)(?=[\s>/])", data)
    if not m:
        return data
    end = data.find(b">", m.end())
    root_tag = data[m.start():end]
    extra = b"".join(d for d in re.findall(rb' xmlns:\w+="[^"]*"', _NAMESPACES)
                     if d.split(b"=")[0].strip() not in root_tag)
    return data[:m.end()] + extra + data[m.end():]


_TAG = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[?!][^>]*>|<(/?)([A-Za-z_][\w:.\-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>",
                  re.S)


def balance_tags(data: bytes) -> bytes:
    """Unbalanced markup made nestable: a stray end tag is dropped, unclosed elements are closed.

    For fragments cut from an article (a section closed twice, a ``<p>`` left
    open); the result is parsed as strictly as any other input.
    """
    out: list[bytes] = []
    stack: list[bytes] = []
    pos = 0
    for m in _TAG.finditer(data):
        out.append(data[pos:m.start()])
        pos = m.end()
        name = m.group(2)
        if name is None or m.group(4):
            out.append(m.group(0))  # comment, PI, DOCTYPE, CDATA or an empty element
        elif not m.group(1):
            stack.append(name)
            out.append(m.group(0))
        elif name in stack:
            while stack:
                top = stack.pop()
                out.append(b"</" + top + b">")
                if top == name:
                    break
        # else: an end tag with no open element of its name is dropped
    out.append(data[pos:])
    out.extend(b"</" + t + b">" for t in reversed(stack))
    return b"".join(out)


def parse_xml(data: bytes, name: str = "<input>", repaired: list[str] | None = None) -> ET.Element:
    """The root element; a DOCTYPE is allowed but not fetched, entity declarations refused (one-line error).

    Mismatched tags are repaired once (``balance_tags``), noted in ``repaired``.
    """
    first_error = None
    for attempt in (0, 1, 2):
        try:
            return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        except DefusedXmlException as exc:
            raise IngestError(f"{name}: refused unsafe XML ({type(exc).__name__})") from None
        except ET.ParseError as exc:
            first_error = first_error or exc
            if "unbound prefix" in str(exc) and b"xmlns:xlink" not in data[:2000]:
                data = _declare_namespaces(data)
                continue
            if "mismatched tag" in str(exc) and repaired is not None and "repaired_xml" not in repaired:
                data = balance_tags(data)
                repaired.append("repaired_xml")
                continue
            raise IngestError(f"{name}: not well-formed XML ({first_error})") from None
    raise IngestError(f"{name}: not well-formed XML ({first_error})")


def parse_jats(data: bytes, name: str = "<input>") -> list[dict]:
    """Records of every ``<article>`` in a JATS file (an ``<article>`` root or a ``<pmc-articleset>``)."""
    repaired: list[str] = []
    root = parse_xml(data, name, repaired)
    tag = _local(root.tag)
    if tag == "article":
        articles = [root]
    elif tag == "pmc-articleset":
        articles = [a for a in root if _local(a.tag) == "article"]
    else:
        raise IngestError(f"{name}: not JATS (root element <{tag}>)")
    if not articles:
        raise IngestError(f"{name}: no <article> in the article set")
    records = []
    for i, article in enumerate(articles):
        raw = data if len(articles) == 1 else ET.tostring(article, encoding="utf-8")
        rec = article_record(article, raw)
        rec["flags"] = list(repaired) + ([] if rec["has_body"] else ["no_body"])
        records.append(rec)
    return records


def wrap_fragment(fragment: bytes | str, pmcid: str | int) -> bytes:
    """An abstract+sections fragment (several roots, no <article>) wrapped as a JATS article with its PMC id.

    A fragment that already is an ``<article>`` is returned as is.
    """
    text = fragment.decode("utf-8") if isinstance(fragment, bytes) else fragment
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if re.match(r"\s*(?:<!DOCTYPE[^>]*>\s*)?<article[\s>]", text):
        return text.encode("utf-8")
    pmc = re.sub(r"^PMC", "", str(pmcid))
    return (f'<article><front><article-meta><article-id pub-id-type="pmc">{pmc}</article-id></article-meta></front>'
            f"<body>{text}</body></article>").encode("utf-8")


# --- records -----------------------------------------------------------------------------------------------

def article_record(article: ET.Element, raw: bytes) -> dict:
    """The plain record of one ``<article>`` element."""
    meta = _find(article, "front/article-meta")
    ids = {"pmid": None, "pmcid": None, "doi": None}
    # A wrapped fragment may carry its <article-id> outside <front>; the article's own ids come first.
    own = meta.findall("article-id") if meta is not None else []
    nested = {id(a) for sub in article.iter("sub-article") for a in sub.iter("article-id")}
    for aid in own or [a for a in article.iter("article-id") if id(a) not in nested]:
        kind, value = aid.get("pub-id-type"), _flat(aid)
        if kind == "pmid" and value:
            ids["pmid"] = value
        elif kind in {"pmc", "pmcid", "pmcaid"} and value and not ids["pmcid"]:
            ids["pmcid"] = value if value.upper().startswith("PMC") else f"PMC{value}"
            ids["pmcid"] = "PMC" + ids["pmcid"][3:]
        elif kind == "doi" and value:
            ids["doi"] = value.lower()
    abstracts = [a for a in article.iter("abstract") if a.get("abstract-type") in (None, "", "structured", "summary")]
    abstract = "\n\n".join(_prose(a) for a in abstracts[:1]).strip()
    body = article.find("body")
    if body is None and any(_local(c.tag) in {"sec", "p"} for c in article):
        # A fragment wrapped without <body>: the article's own sections and paragraphs are the body.
        body = ET.Element("body")
        body.extend(c for c in article if _local(c.tag) in {"sec", "p", "table-wrap", "list"})
    full_text, sections = _body_text(body, skip=set(map(id, abstracts)))
    tables = [t for w in article.iter("table-wrap") for t in _tables(w)]
    return {
        **ids,
        "title": _flat(_find(meta, "title-group/article-title")) or None,
        "abstract": abstract or None,
        "year": _year(meta),
        "journal": _flat(_find(article, "front/journal-meta/journal-title-group/journal-title"))
        or _flat(_find(article, "front/journal-meta/journal-title")) or None,
        "authors": _authors(meta),
        "full_text": full_text,
        "sections": sections,
        "tables": tables,
        "has_body": bool(full_text.strip()) or bool(tables),
        "flags": [],
        "xml": raw,
    }


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _find(elem: ET.Element | None, path: str) -> ET.Element | None:
    return None if elem is None else elem.find(path)


def _flat(elem: ET.Element | None) -> str:
    """All text inside an element, whitespace collapsed."""
    if elem is None:
        return ""
    return " ".join("".join(elem.itertext()).split())


def _year(meta: ET.Element | None) -> int | None:
    if meta is None:
        return None
    dates = meta.findall("pub-date")
    order = {"epub": 0, "ppub": 1, "collection": 2}
    dates.sort(key=lambda d: order.get(d.get("pub-type") or d.get("date-type") or "", 3))
    for d in dates:
        y = (d.findtext("year") or "").strip()
        if y.isdigit():
            return int(y)
    return None


def _authors(meta: ET.Element | None) -> list[str]:
    if meta is None:
        return []
    names = []
    for contrib in meta.iter("contrib"):
        if contrib.get("contrib-type") not in (None, "author"):
            continue
        collab = contrib.find("collab")
        if collab is not None:
            names.append(_flat(collab))
            continue
        surname = _flat(contrib.find("name/surname"))
        given = _flat(contrib.find("name/given-names"))
        if surname:
            initials = "".join(w[0] for w in re.split(r"[\s.\-]+", given) if w)
            names.append(f"{surname} {initials}".strip())
    return names


# --- prose ---------------------------------------------------------------------------------------------------

def _inline(elem: ET.Element, out: list[str], in_table: bool = False) -> None:
    """Append the text of ``elem`` (its tail excluded): citations dropped, superscripts marked with '^'."""
    tag = _local(elem.tag)
    if tag in _SKIP_IN_PROSE and not in_table:
        return
    if tag == "xref" and elem.get("ref-type") == "bibr" and not in_table:
        # "[12]", "12-14": citation numbers are not results.
        return
    block = tag in _BLOCKS and not in_table
    if block and out and not out[-1].endswith("\n"):
        out.append("\n")
    sup = tag == "sup" or (in_table and tag == "xref" and elem.get("ref-type") in {"table-fn", "fn"}
                           and elem.find(".//sup") is None)
    if sup:
        # "4.1<sup>a</sup>" must not read as "4.1a", nor "3.4<sup>2</sup>" as "3.42".
        out.append("^")
    if elem.text:
        out.append(elem.text)
    for child in elem:
        _inline(child, out, in_table)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append("\n")


def _prose(elem: ET.Element) -> str:
    """Block-structured text of an element: paragraphs on their own lines, inline whitespace collapsed."""
    out: list[str] = []
    _inline(elem, out)
    lines = [" ".join(line.split()) for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line)


def section_type(sec_type: str | None, title: str | None) -> str:
    """introduction / methods / results / discussion / other, from ``sec-type`` then the title."""
    for source in (sec_type or "", title or ""):
        for rx, kind in _SECTION_RULES:
            if source and rx.search(source.replace("|", " ")):
                return kind
    return "other"


def _body_text(body: ET.Element | None, skip: set[int]) -> tuple[str, list[dict]]:
    """The body as one string and its sections (nested sections inherit an 'other' parent's type)."""
    parts: list[str] = []
    sections: list[dict] = []
    pos = 0

    def add(text: str) -> tuple[int, int]:
        nonlocal pos
        if not text:
            return pos, pos
        if parts:
            parts.append("\n\n")
            pos += 2
        start = pos
        parts.append(text)
        pos += len(text)
        return start, pos

    def walk(elem: ET.Element, parent_type: str | None, depth: int) -> None:
        for child in elem:
            if id(child) in skip:
                continue
            tag = _local(child.tag)
            if tag == "sec":
                title = _flat(child.find("title")) or None
                kind = section_type(child.get("sec-type"), title)
                if parent_type and parent_type != "other" and not (kind == "other" and _SECTION_RULES[0][0].search(title or "")):
                    kind = parent_type  # "Descriptive statistics" under Results is results, not methods
                elif kind == "other" and parent_type:
                    kind = parent_type
                entry = {"title": title, "type": kind, "start": pos, "end": pos, "depth": depth}
                sections.append(entry)
                if title:
                    add(title)
                    entry["start"] = pos - len(title)
                walk(child, kind, depth + 1)
                entry["end"] = pos
            elif tag == "title":
                continue
            elif tag in _SKIP_IN_PROSE or tag == "abstract":
                continue
            else:
                text = _prose(child)
                if text:
                    start, _ = add(text)
                    if depth == 0:
                        sections.append({"title": None, "type": "other", "start": start, "end": pos, "depth": 0})

    if body is not None:
        walk(body, None, 0)
    for s in sections:
        if s["start"] == s["end"] and not s["title"]:
            s["start"] = s["end"]
    return "".join(parts), sections


# --- tables --------------------------------------------------------------------------------------------------

def _cell_text(cell: ET.Element) -> str:
    out: list[str] = []
    _inline(cell, out, in_table=True)
    return " ".join("".join(out).split())


def _rows(elems: Iterable[ET.Element]) -> list[list[ET.Element]]:
    return [[c for c in tr if _local(c.tag) in {"td", "th"}] for tr in elems]


def expand_grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Rows of (text, rowspan, colspan) cells -> a rectangular grid with spanned text repeated."""
    grid: list[list[str | None]] = []
    pending: dict[tuple[int, int], str] = {}
    for r, cells in enumerate(rows):
        row: list[str | None] = []
        c = 0
        queue = list(cells)
        while queue or (r, c) in pending:
            if (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
                continue
            text, rowspan, colspan = queue.pop(0)
            for dc in range(max(colspan, 1)):
                row.append(text)
                for dr in range(1, max(rowspan, 1)):
                    pending[(r + dr, c + dc)] = text
            c += max(colspan, 1)
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    return [[(x if x is not None else "") for x in r] + [""] * (width - len(r)) for r in grid]


def _span(cell: ET.Element, attr: str) -> int:
    try:
        return max(1, min(int(cell.get(attr) or 1), 50))
    except ValueError:
        return 1


#: A cell that only names a time point ("Week 12", "2 ^nd week", "12 months", "On arrival" has no digit anyway).
_TIME_CELL = re.compile(r"(?:weeks?|wk|days?|months?|years?|visits?|hours?)\s*\d{1,3}"
                        r"|\d{1,3}\s*(?:\^?\s*(?:st|nd|rd|th)\s*)?(?:weeks?|wk|days?|months?|mo|years?|hours?|h)", re.I)


def _looks_header(row: list[str], times: bool = True) -> bool:
    """A body row that is really a header ("Mean | SD", "n | (%)"): no cell after the first carries a number, but
    for a row of distinct time points ("On arrival | 2 ^nd week | 4 ^th week"): a cell that only names a time.
    The time row only where ``times`` (``_times_may_head``): under a header of arms, "Diabetes duration | 12 years |
    9 years" is a row of data (round-36 mend)."""
    first = row[0].strip()
    rest = [c.strip() for c in row[1:] if c.strip()]
    if len(rest) < 2 or all(c == first for c in rest):
        return False
    timed = times and len(set(rest)) == len(rest)
    return all(not re.search(r"\d", re.sub(r"\^\S*|\(?\b[nN]\s*=\s*\d+\)?|[A-Za-z]\d\b", "", c))
               or timed and _TIME_CELL.fullmatch(c) for c in rest)


def _times_may_head(header_rows: list[list[str]], row: list[str]) -> bool:
    """Whether a row of distinct times may join the header above it: no header row has words yet (the header
    printed in the body), or its times sit under one spanned heading ("Assessment schedule" over "Baseline | Wk 2 |
    Wk 4"). Under distinct headings (arms: "Cells (n = 20) | Placebo (n = 20)") each time is a value of its column
    (round-36 mend)."""
    filled = [h for h in header_rows if any(c.strip() for c in h)]
    if not filled:
        return True
    above = {filled[-1][i].strip() for i, c in enumerate(row) if i and c.strip() and i < len(filled[-1])}
    return len(above) == 1


#: A spanner naming a statistic ("P-value", "p", "Significance"): the last one heads every column to its right (the
#: tests of "Time | Group | Time*Group"), however many there are, not the arm groups' width.
_STAT_SPANNER = re.compile(r"^\W*(?:p(?:[- ]?values?)?|significance|statistics?)\W*$", re.I)


def _spanner_spread(row: list[str], below: list[str]) -> list[str] | None:
    """A header row of labels each followed by empty cells instead of a ``colspan`` ("| 12 weeks | | 24 weeks |"
    over "| BM-MNC | Standard care | BM-MNC | Standard care |") -> the row with each label repeated over the cells
    it heads; None where the row is not that shape. Each label must head the same number of columns (two or more),
    every one of them filled in the row below, and the columns before the first label be the stub's (empty in both
    rows but for the stub's own heading in column 0). With unequal gaps ("| | Manual turning + | | Continuous
    rotation + |" over "Manual turning | P&PD | Continuous rotation | P&PD") a label may head its own column only,
    and a label over a headed column past the stub may be centred over its group ("| | | Pre (3 months) | | |" over
    "Variables | n (%) users | # of Contacts | Cost | ..."): nothing is spread. Columns past the last group (a
    p-value column) stay as they are."""
    labels = [i for i, c in enumerate(row) if i and c.strip()]
    if len(labels) < 2 or row[0].strip() or any(row[i] == row[i - 1] for i in labels):
        return None
    if any(c < len(below) and below[c].strip() for c in range(1, labels[0])):
        return None
    gaps = {b - a for a, b in zip(labels, labels[1:])}
    if len(gaps) != 1:
        return None
    width = gaps.pop()
    if width < 2 or labels[-1] + width > len(row):
        return None
    heads = [c for i in labels for c in range(i, i + width)]
    if any(c >= len(below) or not below[c].strip() for c in heads):
        return None
    out = list(row)
    for i in labels:
        out[i:i + width] = [row[i]] * width
    last = labels[-1]
    if _STAT_SPANNER.match(row[last]) and all(not c.strip() for c in row[last + 1:]) \
            and all(c < len(below) and below[c].strip() for c in range(last, len(row))):
        out[last:] = [row[last]] * (len(row) - last)
    return out


def join_header(rows: list[list[str]]) -> list[str]:
    """Multi-row header -> one label per column, "Week 12 / Mean (SD)" (repeats from colspans merged); a spanner
    written as a label plus empty cells is spread first (``_spanner_spread``)."""
    if not rows:
        return []
    rows = [(_spanner_spread(r, rows[k + 1]) or r) if k + 1 < len(rows) else r for k, r in enumerate(rows)]
    width = len(rows[0])
    out = []
    for c in range(width):
        parts: list[str] = []
        for r in rows:
            t = r[c].strip() if c < len(r) else ""
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        out.append(" / ".join(parts))
    return out


def _tables(wrap: ET.Element) -> list[dict]:
    """One ``<table-wrap>`` as plain table records (none when it holds no table, e.g. an image only).

    A wrap holding several ``<table>`` elements is one table when the later ones continue the first
    (no header of their own); a later ``<table>`` with its own ``<thead>`` starts a part of its own
    ("CGI-S | n | Adjusted mean ..." then "CGI-I response | Proportion responders | %"), stored under
    the same label and caption, so its header is not lost under the first one's.
    """
    parts: list[tuple[list, list]] = []
    to = lambda rs: [[(_cell_text(c), _span(c, "rowspan"), _span(c, "colspan")) for c in r] for r in rs]  # noqa: E731
    for table in wrap.iter("table"):
        thead = table.find("thead")
        head_rows = _rows(thead.findall("tr")) if thead is not None else []
        body_rows = []
        for tb in table.findall("tbody"):
            body_rows += _rows(tb.findall("tr"))
        body_rows += _rows(table.findall("tr"))
        if not parts or (head_rows and parts[-1][0]):
            parts.append((to(head_rows), to(body_rows)))
        else:
            if not parts[-1][0]:
                parts[-1][0].extend(to(head_rows))
            parts[-1][1].extend(to(body_rows))
    label = _flat(wrap.find("label")) or None
    caption = _flat(wrap.find("caption")) or None
    footnotes = [_flat(fn) for fn in wrap.findall("table-wrap-foot/fn")] or (
        [_flat(f) for f in wrap.findall("table-wrap-foot")] if wrap.find("table-wrap-foot") is not None else [])
    out = []
    for k, (head_cells, body_cells) in enumerate(parts):
        grid = expand_grid(head_cells + body_cells)
        n_head = len(head_cells)
        header_rows, body = grid[:n_head], grid[n_head:]
        # No <thead>, or a unit row under it ("Mean | SD"): leading rows without numbers belong to the header.
        # An empty <thead> row (the header printed in the body) is no header.
        limit = 3 if not any(c.strip() for h in header_rows for c in h) else len(header_rows) + 1
        while body and len(header_rows) < limit and _looks_header(body[0], _times_may_head(header_rows, body[0])):
            header_rows.append(body.pop(0))
        table_id = wrap.get("id") if k == 0 or not wrap.get("id") else f"{wrap.get('id')}.{k + 1}"
        out.append(build_table(label, caption, [f for f in footnotes if f], header_rows, body, table_id))
    return out


def build_table(label: str | None, caption: str | None, footnotes: list[str], header_rows: list[list[str]],
                body: list[list[str]], table_id: str | None = None) -> dict:
    """A table record from its header grid and body grid (shared by the parser and the tests)."""
    header = join_header(header_rows)
    width = max([len(header)] + [len(r) for r in body]) if (header or body) else 0
    header = header + [""] * (width - len(header))
    rows, raw_labels, prefixed, label_only = [], [], [], []
    prefix: str | None = None
    for r in body:
        r = r + [""] * (width - len(r))
        if not any(c.strip() for c in r):
            continue
        first = r[0].strip()
        if first and (all(c.strip() in ("", first) for c in r[1:])) and width > 1:
            # A label-only row ("Adverse events", a spanning group title): prefix for the rows under it.
            prefix = first
            rows.append(r)
            raw_labels.append(first)
            prefixed.append(first)
            label_only.append(True)
            continue
        rows.append(r)
        raw_labels.append(first)
        prefixed.append(f"{prefix} / {first}" if prefix and first else (first or prefix or ""))
        label_only.append(False)
    # Stored text: caption, header, rows; " | " between cells; per-cell offsets into it.
    parts: list[str] = []
    pos = 0

    def put(s: str) -> tuple[int, int]:
        nonlocal pos
        parts.append(s)
        pos += len(s)
        return pos - len(s), pos

    for s in (label, caption):
        if s:
            put(s)
            put("\n")
    header_offsets = []
    for i, c in enumerate(header):
        if i:
            put(" | ")
        header_offsets.append(list(put(c)))
    put("\n")
    cell_offsets = []
    for r in rows:
        offs = []
        for i, c in enumerate(r):
            if i:
                put(" | ")
            offs.append(list(put(c)))
        cell_offsets.append(offs)
        put("\n")
    return {
        "id": table_id, "label": label, "caption": caption, "footnotes": footnotes,
        "header": header_rows, "header_joined": header, "rows": rows,
        "row_labels": raw_labels, "row_prefixed": prefixed, "label_only": label_only,
        "text": "".join(parts), "header_offsets": header_offsets, "cell_offsets": cell_offsets,
    }
