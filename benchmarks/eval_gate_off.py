"""Results attribution with the export gate switched off: what the stages place before the gate withholds any.

    python benchmarks/eval_gate_off.py GOLD.jsonl [GOLD.jsonl ...]

Prints ``cli.py evaluate``'s results and arm-size lines per gold file (one process: the gate's switch is this
process's state).
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / ".pkg"))

from stemfoot.extract import export_gate  # noqa: E402
from stemfoot.tools import evaluate as ev  # noqa: E402

LINES = ("results_arm_outcome", "results_timepoint", "arm_n", "double_counted")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="cli.py evaluate's results lines with the export gate off.")
    parser.add_argument("golds", nargs="+", type=Path, help="arm-level gold JSONL files")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.golds if not p.is_file()]
    if missing:
        parser.error(f"no such gold file: {', '.join(missing)}")
    warnings.filterwarnings("ignore")
    for path in args.golds:
        with export_gate.disabled():
            scores = ev.evaluate(ev.load_gold(path))
        print(Path(path).name)
        print("\n".join(line for line in ev.report(scores).splitlines() if line.startswith(LINES)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
