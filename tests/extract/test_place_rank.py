"""The learned place ranker: features, the re-ranking rule, labels, and the shipped model's rebuild (no spaCy)."""
from __future__ import annotations

from pathlib import Path

from stemfoot.extract import place_rank as pr

ROOT = Path(__file__).resolve().parents[2]


def _rec(arm: str, kind: str = "mean", table: str | None = "Table 2", **vals) -> dict:
    return {"arm": arm, "kind": kind, "evidence": {"table": table, "caption": "Outcomes"}, **vals}


def _place(score: float, o_sim: float, tp: str | None = None, label: str = "Pain score", typ: str = "continuous") -> dict:
    i, c = _rec("A", mean=1.0), _rec("B", mean=2.0)
    return {"key": ("Table 2", label, tp, typ), "recs": [i, c], "o_sim": o_sim, "learned": 0.5, "score": score,
            "i_sim": 1.0, "c_sim": 1.0, "i_rec": i, "c_rec": c, "bare": False, "block": (0, 0)}


def test_query_type_from_the_outcome_wording() -> None:
    assert pr.query_type("Incidence of postoperative nausea") == "binary"
    assert pr.query_type("Pain scores at 6 months") == "continuous"
    assert pr.query_type("Ulcer healing") is None


def test_features_say_which_place_names_the_queried_time() -> None:
    places = [_place(0.6, 0.8, tp="3 months"), _place(0.55, 0.8, tp="12 months")]
    f = pr.features("Pain score at 12 months", places)
    assert f[1]["time_match"] == 1.0 and f[0]["time_other"] == 1.0 and f[0]["time_match"] == 0.0
    assert f[0]["hand_top"] == 1.0 and f[1]["hand_gap"] > 0 and f[1]["type_agree"] == 1.0


def test_rerank_keeps_the_hand_choice_without_a_model_and_honours_floor_and_margin() -> None:
    places = [_place(0.6, 0.8, tp="3 months"), _place(0.55, 0.8, tp="12 months")]
    best = (0.6, places[0]["i_rec"], places[0]["c_rec"], places[0]["key"])
    with pr.using(None):
        assert pr.rerank("Pain score at 12 months", places, best, 0.25) == (best, 0.25)
    model = {"features": ["time_match"], "coef": [4.0], "intercept": -2.0, "floor": 0.3, "hand_floor": 0.0,
             "margin": 0.0}
    with pr.using(model):
        got, floor = pr.rerank("Pain score at 12 months", places, best, 0.25)
        assert got[3] == places[1]["key"] and got[0] == 0.55 and floor == 0.25  # confidence: its hand score
    with pr.using({**model, "margin": 0.9}):  # the other place must beat the hand's own by 0.9: it does not
        assert pr.rerank("Pain score at 12 months", places, best, 0.25)[0][3] == places[0]["key"]
    with pr.using({**model, "floor": 0.95}):  # under the floor: no values (null beats a guess)
        assert pr.rerank("Pain score at 12 months", places, best, 0.25)[1] == float("inf")


def test_a_place_is_right_when_its_records_hold_both_arms_gold_values() -> None:
    from stemfoot.tools.train_place_rank import place_right

    gold = {"intervention_events": 6.0, "comparator_events": 9.0, "intervention_group_size": 20.0,
            "comparator_group_size": 30.0}
    line = {"type": "binary", "gold": gold}
    assert place_right({"type": "binary", "i": {"events": 6}, "c": {"percent": 30.0}, "i_n": 20, "c_n": None}, line)
    assert not place_right({"type": "binary", "i": {"events": 6}, "c": {"events": 8}, "i_n": 20, "c_n": 30}, line)
    assert not place_right({"type": "continuous", "i": {"mean": 6}, "c": {"mean": 9}, "i_n": 20, "c_n": 30}, line)


def test_shipped_model_is_what_the_trainer_rebuilds(tmp_path: Path) -> None:
    from stemfoot.tools import train_place_rank

    train_place_rank.main([str(ROOT / "benchmarks" / "data" / "place_rank_features.jsonl.gz"), "--out", str(tmp_path)])
    assert (tmp_path / "model.json").read_bytes() == pr.MODEL_PATH.read_bytes()


def test_a_table_row_that_matches_as_well_beats_a_sentence_with_other_values() -> None:
    row = _place(0.5, 0.8, label="Overall response (CR+PR)", typ="binary")
    row["i_rec"], row["c_rec"] = _rec("A", kind="events", events=24), _rec("B", kind="events", events=14)
    said = _place(0.78, 0.8, label="response rate @12666", typ="binary")
    said["i_rec"], said["c_rec"] = (_rec("A", kind="events", table=None, events=35),
                                    _rec("B", kind="events", table=None, events=24))
    places = [said, row]
    best = (0.78, said["i_rec"], said["c_rec"], said["key"])
    assert pr.table_over_prose(places, best, 0.25)[3] == row["key"]
    worse = {**row, "o_sim": 0.7}  # a row matching the outcome less well: the sentence stays
    assert pr.table_over_prose([said, worse], best, 0.25) == best
    weak = {**row, "score": 0.2}  # a row the hand score does not weigh enough: the sentence stays
    assert pr.table_over_prose([said, weak], best, 0.25) == best
    same = {**row, "i_rec": said["i_rec"], "c_rec": said["c_rec"]}  # the same values: nothing to change
    assert pr.table_over_prose([said, same], best, 0.25) == best
    later = {**row, "key": (*row["key"][:2], "week 4", row["key"][3])}  # another time point's row: the sentence stays
    assert pr.table_over_prose([said, later], best, 0.25) == best
    marked = {**row, "score": 0.4}  # marked down (a baseline table, x0.5) well below the sentence: it stays
    assert pr.table_over_prose([said, marked], best, 0.25) == best
    on_row = (0.5, row["i_rec"], row["c_rec"], row["key"])  # a table row chosen: kept
    assert pr.table_over_prose(places, on_row, 0.25) == on_row
