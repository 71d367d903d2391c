"""Scale of the chain's reads: `meta --db`, `query --search` and `stats` on a corpus of 100,000 extracted studies.

    python benchmarks/bench_scale.py build OUT.db [--base 200] [--studies 100000]
    python benchmarks/bench_scale.py run OUT.db [--small SMALL.db] [--repeat 20]
    python benchmarks/bench_scale.py sizes OUT.db

``build`` makes the corpus fast: it ingests the bundled demo corpus and
``--base`` synthetic PubMed records (benchmarks/synth_pubmed.py), extracts them
once with the real pipeline, then multiplies the synthetic studies and their
extraction rows in SQL (new ids, PMIDs and value ids per copy) up to
``--studies``. The six demo studies stay single, so an outcome such as
ulcer_healing has its real k (4) among 100,000 studies.

``run`` times each command as a fresh process (wall seconds and peak RSS from
``wait4``), on the big corpus and on ``--small`` (the same chain on the demo
corpus alone), so "beyond start-up" is the difference. It also times the
library calls in-process (after imports), repeated for the search p50/p95.
Figures go to docs/extraction.md ("Scale").
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, str(ROOT / "cli.py")]
DEMO = ROOT / "corpus" / "data" / "domain_dev.xml"
FIRST_SYNTH_PMID = 80_000_000
#: Tables whose rows are copied per study, and their id-like columns that get a per-copy suffix.
_COPIED = {
    "extractions": ("design_span_id", "n_patients_span_id", "n_limbs_span_id", "n_ulcers_span_id"),
    "spans": ("id",),
    "arms": ("id", "span_id", "n_span_id"),
    "outcomes": ("id", "span_id"),
    "facets": ("id", "span_id"),
    "statistics": ("id", "arm_id", "span_id"),
}
#: Searches with few hits (a centre, ~200 studies; demo terms) and with many (a centre and a cell type).
SEARCHES = ("C17", "C250", "C499", "critical limb ischemia", "angiogenic", "C3 mononuclear", "C42 hyperbaric",
            "C100 transcutaneous", "C333 placenta-derived", "C77 keratinocyte sheets")
#: Broad searches (tens of thousands of studies): the time goes into returning the rows.
BROAD = ("transcutaneous", "hyperbaric")


def _cli(*args: str) -> str:
    done = subprocess.run([*CLI, *args], capture_output=True, text=True, env=_env())
    if done.returncode:
        raise SystemExit(f"{' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(ROOT / ".pkg"))
    return env


def multiply(path: Path, studies: int) -> int:
    """Copy the synthetic studies (and their extraction rows) until the corpus has ``studies`` studies."""
    conn = sqlite3.connect(path)
    base = conn.execute("SELECT count(*) FROM studies WHERE CAST(pmid AS INTEGER) >= ?", [FIRST_SYNTH_PMID]).fetchone()[0]
    total = conn.execute("SELECT count(*) FROM studies").fetchone()[0]
    copies = max(0, (studies - total) // base)
    top = conn.execute("SELECT max(id) FROM studies").fetchone()[0]
    cte = f"WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < {copies}) "
    cols = [r[1] for r in conn.execute("PRAGMA table_info(studies)")]
    shifted = {
        "id": f"id + n * {top}",
        "pmid": f"CAST(CAST(pmid AS INTEGER) + n * 1000000 AS TEXT)",
        "local_id": "local_id || '~' || n", "doi": "doi || '~' || n", "title_key": "title_key || '~' || n",
    }
    select = ", ".join(shifted.get(c, f"[{c}]") for c in cols)
    with conn:
        conn.execute(f"{cte} INSERT INTO studies ({', '.join(f'[{c}]' for c in cols)}) "
                     f"SELECT {select} FROM studies, k WHERE CAST(pmid AS INTEGER) >= {FIRST_SYNTH_PMID}")
        for name, id_cols in _COPIED.items():
            table = _stored(conn, name)
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
            select = ", ".join(
                f"[{c}] || '~' || n" if c in id_cols else (f"study_id + n * {top}" if c == "study_id" else f"[{c}]")
                for c in cols)
            conn.execute(f"{cte} INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in cols)}) SELECT {select} "
                         f"FROM [{table}] t, k WHERE t.study_id IN (SELECT id FROM studies WHERE "
                         f"CAST(pmid AS INTEGER) BETWEEN {FIRST_SYNTH_PMID} AND {FIRST_SYNTH_PMID + 999_999})")
        label_centres(conn)
    conn.execute("ANALYZE")
    n = conn.execute("SELECT count(*) FROM studies").fetchone()[0]
    conn.close()
    return n


def _stored(conn: sqlite3.Connection, name: str) -> str:
    """The table behind ``name``: `spans` is a view over `span_store` from migration 10 on."""
    kind = conn.execute("SELECT type FROM sqlite_master WHERE name = ?", [name]).fetchone()
    return "span_store" if name == "spans" and kind and kind[0] == "view" else name


def label_centres(conn: sqlite3.Connection) -> None:
    """Give the synthetic studies a centre in their title ("centre C17", about 200 studies each), so
    searches have a realistic long tail: the synthetic abstracts share one small vocabulary."""
    conn.execute(f"UPDATE studies SET title = title || ' (centre C' || (id / 200) || ')' "
                 f"WHERE CAST(pmid AS INTEGER) >= {FIRST_SYNTH_PMID} AND title NOT LIKE '%(centre C%'")


def _build(out: Path, base: int, studies: int, n_process: int) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth_pubmed import write_pubmed_xml

    if out.exists():
        raise SystemExit(f"{out}: exists; remove it first")
    with tempfile.TemporaryDirectory() as tmp:
        xml = write_pubmed_xml(Path(tmp) / "synth.xml", base)
        t0 = time.perf_counter()
        _cli("ingest", str(DEMO), str(xml), "--db", str(out), "--quiet")
        _cli("extract", "--db", str(out), "--n-process", str(n_process))
        t1 = time.perf_counter()
    n = multiply(out, studies)
    t2 = time.perf_counter()
    conn = sqlite3.connect(out)
    counts = {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in ("studies", *_COPIED)}
    conn.close()
    print(json.dumps({"studies": n, "rows": counts, "extract_base_s": round(t1 - t0, 1),
                      "multiply_s": round(t2 - t1, 1), **table_sizes(out)}, indent=1))


def table_sizes(path: Path) -> dict:
    """The database's size and each table's share of it (its rows and indexes; SQLite's dbstat)."""
    conn = sqlite3.connect(path)
    pages = conn.execute("SELECT m.tbl_name, sum(d.pgsize) FROM dbstat d JOIN sqlite_master m ON m.name = d.name "
                         "GROUP BY m.tbl_name ORDER BY 2 DESC").fetchall()
    conn.close()
    total = path.stat().st_size
    return {"size_mb": round(total / 1e6, 1),
            "tables": {t: {"mb": round(b / 1e6, 1), "share": round(b / total, 3)} for t, b in pages[:8]}}


def timed(args: list[str], ok_exit: bool = False) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one CLI command run as a fresh process.

    On a shared machine the CPU seconds are the stable figure; wall time grows with the load.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen([*CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status and not ok_exit:
        raise SystemExit(f"{' '.join(args)}: exit {status}: {proc.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best(args: list[str], repeat: int = 3, ok_exit: bool = False) -> dict:
    runs = [timed(args, ok_exit) for _ in range(repeat)]
    return {"wall_s": round(min(r[0] for r in runs), 3), "cpu_s": round(min(r[1] for r in runs), 3),
            "peak_rss_mb": round(max(r[2] for r in runs), 1)}


def run(big: Path, small: Path | None, repeat: int) -> dict:
    commands = {
        "cli --help": ["--help"],
        "stats": ["stats", "--db", "{db}"],
        "meta ulcer_healing RR": ["meta", "--db", "{db}", "--outcome", "ulcer_healing", "--measure", "RR", "--json"],
        "meta amputation RR": ["meta", "--db", "{db}", "--outcome", "amputation", "--measure", "RR", "--json"],
        "meta unknown outcome (k=0)": ["meta", "--db", "{db}", "--outcome", "no_such_outcome", "--measure", "RR"],
        "query --search C17": ["query", "--db", "{db}", "--search", "C17", "--json"],
    }
    out: dict = {"studies": sqlite3.connect(big).execute("SELECT count(*) FROM studies").fetchone()[0],
                 "load_average": os.getloadavg()[0], "commands": {}}
    for name, args in commands.items():
        row = {}
        for label, db in (("big", big), ("small", small)):
            if db is not None:
                # meta exits 1 by design when fewer than two studies can be pooled
                row[label] = best([a.format(db=db) for a in args], ok_exit=args[0] == "meta")
        if "small" in row:
            row["beyond_small_cpu_s"] = round(row["big"]["cpu_s"] - row["small"]["cpu_s"], 3)
        out["commands"][name] = row
        print(name, row, flush=True)
    out["search"] = search_times(big, repeat)
    out["in_process"] = in_process(big)
    return out


def search_times(db: Path, repeat: int) -> dict:
    """`query --search` as the library runs it (after imports): p50/p95 over the queries, and their rows."""
    from stemfoot.corpus.query_filters import Filters, filtered_statistics

    def measure(terms: tuple[str, ...], times: int) -> dict:
        walls, cpus, rows = [], [], {}
        for term in terms:
            for _ in range(times):
                t0, c0 = time.perf_counter(), time.process_time()
                _, found = filtered_statistics(db, Filters(search=term))
                walls.append(time.perf_counter() - t0)
                cpus.append(time.process_time() - c0)
            rows[term] = len(found)

        def pct(values: list[float], q: float) -> float:
            values = sorted(values)
            return round(1000 * values[math.ceil(q * len(values)) - 1], 1)  # nearest rank

        # CPU time is the figure that does not depend on other load on a shared machine.
        return {"queries": len(terms), "repeat": times, "wall_p50_ms": pct(walls, 0.5), "wall_p95_ms": pct(walls, 0.95),
                "cpu_p50_ms": pct(cpus, 0.5), "cpu_p95_ms": pct(cpus, 0.95), "rows": rows}

    return {"selective": measure(SEARCHES, repeat), "broad": measure(BROAD, 1)}


def in_process(db: Path) -> dict:
    """The study table and pooling of one outcome, in-process after imports."""
    from stemfoot import chain
    from stemfoot.corpus.db import open_db

    conn = open_db(db, create=False, readonly=True)
    out = {}
    for outcome, measure in (("ulcer_healing", "RR"), ("amputation", "RR"), ("no_such_outcome", "RR")):
        t0 = time.perf_counter()
        data = chain.outcome_table(conn, outcome, measure)
        out[f"study table {outcome} {measure} (k={data.k})"] = round(time.perf_counter() - t0, 3)
    return out


def extract_memory(sizes: list[int], n_process: int, pico: bool) -> list[dict]:
    """Peak RSS (parent and largest worker) and rate of `cli.py extract` on corpora of ``sizes`` synthetic studies."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth_pubmed import write_pubmed_xml

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            db = Path(tmp) / f"x{n}.db"
            xml = write_pubmed_xml(Path(tmp) / f"x{n}.xml", n)
            _cli("ingest", str(xml), "--db", str(db), "--quiet")
            args = ["extract", "--db", str(db), "--n-process", str(n_process)] + ([] if pico else ["--no-pico"])
            t0 = time.perf_counter()
            proc = subprocess.Popen([*CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - t0
            if status:
                raise SystemExit(f"extract: {proc.stderr.read().decode()}")
            # ru_maxrss of wait4 covers the command's process; workers are its children (RUSAGE_CHILDREN of it).
            row = {"studies": n, "n_process": n_process, "pico": pico, "wall_s": round(wall, 1),
                   "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}
            out.append(row)
            print(row, flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("out", type=Path)
    b.add_argument("--base", type=int, default=200, help="synthetic records extracted for real")
    b.add_argument("--studies", type=int, default=100_000)
    b.add_argument("--n-process", type=int, default=1)
    r = sub.add_parser("run")
    r.add_argument("db", type=Path)
    r.add_argument("--small", type=Path, help="the demo corpus alone, for the start-up baseline")
    r.add_argument("--repeat", type=int, default=5)
    r.add_argument("--json-out", type=Path)
    z = sub.add_parser("sizes", help="the database's size and its largest tables' shares")
    z.add_argument("db", type=Path)
    m = sub.add_parser("extract-memory")
    m.add_argument("--sizes", default="250,1000")
    m.add_argument("--n-process", type=int, default=2)
    m.add_argument("--no-pico", action="store_true")
    args = parser.parse_args()
    if args.cmd == "sizes":
        print(json.dumps(table_sizes(args.db), indent=1))
    elif args.cmd == "extract-memory":
        print(json.dumps(extract_memory([int(x) for x in args.sizes.split(",")], args.n_process, not args.no_pico)))
    elif args.cmd == "build":
        _build(args.out, args.base, args.studies, args.n_process)
    else:
        result = run(args.db, args.small, args.repeat)
        print(json.dumps(result, indent=1))
        if args.json_out:
            args.json_out.write_text(json.dumps(result, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
