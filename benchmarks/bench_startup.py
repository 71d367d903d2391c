"""CLI start-up: `cli.py --help`, `cli.py stats` and a pooled `meta --db`, next to a bare Python start.

    python benchmarks/bench_startup.py [--db corpus.db] [--repeat 10]

Each command runs as a fresh process; the figure is the best (minimum) wall
and CPU time of ``--repeat`` runs, since other load on the machine only adds.
Without ``--db`` a demo corpus is built in a temporary folder (ingest +
extract of corpus/data/domain_dev.xml). Goal: --help and stats under 0.3 s.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, str(ROOT / "cli.py")]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(ROOT / ".pkg"))
    return env


def best(cmd: list[str], repeat: int) -> dict:
    walls, cpus = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
        _, _, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - t0)
        cpus.append(usage.ru_utime + usage.ru_stime)
    return {"wall_s": round(min(walls), 3), "cpu_s": round(min(cpus), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "demo.db"
            for step in (["ingest", str(ROOT / "corpus" / "data" / "domain_dev.xml"), "--db", str(db)],
                         ["extract", "--db", str(db)]):
                subprocess.run([*CLI, *step], check=True, capture_output=True, env=_env())
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "cli.py --help": [*CLI, "--help"],
            "cli.py stats": [*CLI, "stats", "--db", str(db)],
            "cli.py meta --help": [*CLI, "meta", "--help"],
            "cli.py meta --db (ulcer_healing RR REML)": [*CLI, "meta", "--db", str(db), "--outcome", "ulcer_healing",
                                                          "--measure", "RR", "--json"],
        }
        result = {name: best(cmd, args.repeat) for name, cmd in commands.items()}
    result["load_average"] = os.getloadavg()[0]
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
