"""Export-gate training rows from PICO-Corpus side labels, and training with them (no spaCy, no corpus)."""
from __future__ import annotations

from pathlib import Path

from stemfoot.tools import pico_gate_rows as pg

TEXT = "Healing: 15 of 20 (75%) with cells vs 8 of 20 (40%) with placebo; mean age 61 years."
ANN = ("T1\tiv-bin-abs 9 11\t15\nT2\tiv-bin-percent 19 22\t75%\nT3\tcv-bin-abs 38 39\t8\n"
       "T4\tcv-bin-percent 47 50\t40%\nT5\toutcome 0 7\tHealing\nT6\tcv-bin-abs 1 2;3 4\tx\n")
ARMS = [{"label": "cells", "role": "intervention"}, {"label": "placebo", "role": "control"}]


def _stat(kind: str, start: int, end: int, target: str, arm: str | None, role: str | None, **kw) -> dict:
    feats = {"kind=" + kind: 1.0, "outcome=ulcer_healing": 1.0, "outcome_nearest": 1.0, "att_p": 0.7}
    return {"kind": kind, "target": target, "arm": arm, "arm_role": role, "evidence": {"start": start, "end": end},
            "_gate_features": feats, **kw}


def test_annotated_numbers_keep_their_side_field_and_value(tmp_path: Path) -> None:
    ann = tmp_path / "a.ann"
    ann.write_text(ANN, encoding="utf-8")
    entities = pg.read_ann(ann)
    # Discontinuous spans are left out; labels that state no per-arm number give no value.
    assert [e[0] for e in entities] == ["iv-bin-abs", "iv-bin-percent", "cv-bin-abs", "cv-bin-percent", "outcome"]
    assert pg.sided_values(entities) == [("events", "iv", 9, 11, 15.0), ("percent", "iv", 19, 22, 75.0),
                                         ("events", "cv", 38, 39, 8.0), ("percent", "cv", 47, 50, 40.0)]


def test_rows_are_labelled_by_side_and_drop_outcome_features() -> None:
    values = [("events", "iv", 9, 11, 15.0), ("events", "cv", 38, 39, 8.0), ("percent", "cv", 47, 50, 40.0)]
    stats = [_stat("events", 9, 17, "arm", "cells", "intervention", events=15, total=20),
             _stat("events", 38, 44, "arm", "cells", "intervention", events=8, total=20),
             _stat("percent", 46, 51, "cohort", None, None, percent=40.0),
             # A value no annotation states (the age) gives no row.
             _stat("mean", 75, 77, "arm", "cells", "intervention", mean=61.0)]
    # A promotion candidate is labelled on the arm the attribution model would give it.
    promo = _stat("events", 38, 44, "unattributed", None, None, events=8, total=20,
                  attribution={"model_arm": "placebo"})
    promo["_gate_features"]["promoted"] = 1.0
    rows = pg.label_rows([*stats, promo], ARMS, values)
    assert [(r[1], r[2]) for r in rows] == [(True, False), (False, False), (False, False), (True, True)]
    assert all(set(f) == {"kind=events", "att_p"} or set(f) == {"kind=percent", "att_p"} for f, _, _ in rows)
    # Only two-arm studies: with three arms the right side can still be the wrong arm.
    assert pg.label_rows(stats, [*ARMS, {"label": "low dose", "role": "intervention"}], values) == []
    assert pg.side("active_comparator") == "cv" and pg.side("intervention") == "iv" and pg.side(None) is None


def test_rows_only_from_studies_with_one_arm_on_each_side() -> None:
    values = [("events", "iv", 9, 11, 15.0), ("events", "cv", 38, 39, 8.0)]
    stats = [_stat("events", 9, 17, "arm", "cells", "intervention", events=15, total=20)]
    assert len(pg.label_rows(stats, ARMS, values)) == 1
    # Two interventions (a dose comparison), or an arm of no side: the corpus's cv arm is one of ours we cannot name.
    doses = [{"label": "cells", "role": "intervention"}, {"label": "low dose", "role": "intervention"}]
    named = [{"label": "cells", "role": "intervention"}, {"label": "group B", "role": "named_group"}]
    assert pg.label_rows(stats, doses, values) == [] and pg.label_rows(stats, named, values) == []
    assert pg.side("named_group") is None and pg.side("single") is None


def test_rows_round_trip_and_extra_rows_join_every_fit(tmp_path: Path) -> None:
    from stemfoot.tools import train_export_gate as train

    rows = [{"id": f"d{i % 6}", "features": {"att_p": 0.1 * (i % 10)}, "right": i % 3 != 0, "promoted": i % 7 == 0}
            for i in range(60)]
    path = tmp_path / "rows.jsonl.gz"
    pg.write_rows(rows, path)
    first = path.read_bytes()
    pg.write_rows(rows, path)
    assert path.read_bytes() == first and pg.read_rows(path) == rows
    extra = train.load_extra(path, 0.5)
    assert extra.weight == 0.5 and len(extra.rows) == 60 and extra.path == str(path)
    gold = [({"kind=events": 1.0, "att_p": 0.1 * (i % 10)}, i % 4 != 0, False) for i in range(40)]
    spec = train.fit(gold, extra)
    # The source feature is learnt from the extra rows; at run time no result carries it.
    assert train.EXTRA_SOURCE in spec["features"] and spec == train.fit(gold, extra)
    assert spec != train.fit(gold)
    data = {n: {"rows": gold, "gold": 40} for n in "ab"}
    held = train.extra_held_out(data, extra, 0.5, k=3)
    assert held["before"]["n"] == sum(1 for r in rows if not r["promoted"])
    folds = train.Folds(data, extra)
    assert len(folds.loso(["a", "b"])["a"]) == 40


def test_extra_rows_held_out_score_what_the_gate_learns(tmp_path: Path) -> None:
    from stemfoot.tools import train_export_gate as train

    # A feature that tells right rows (att_p >= 0.4) from wrong ones: out of fold, the gate keeps every right row and
    # holds most wrong ones back, so the kept rows are more often right than all rows.
    rows = [{"id": f"d{i % 6}", "features": {"att_p": 0.1 * (i % 10)}, "right": i % 10 >= 4, "promoted": i % 7 == 0}
            for i in range(60)]
    path = tmp_path / "rows.jsonl.gz"
    pg.write_rows(rows, path)
    gold = [({"kind=events": 1.0, "att_p": 0.1 * (i % 10)}, i % 10 >= 4, False) for i in range(40)]
    held = train.extra_held_out({n: {"rows": gold, "gold": 40} for n in "ab"}, train.load_extra(path, 0.5), 0.5, k=3)
    before, after = held["before"], held["after"]
    assert before == {"right": 30, "n": 51, "precision": round(30 / 51, 4)}
    assert after["right"] == before["right"] and after["n"] < before["n"] and after["precision"] > 0.8
