"""stages.shape_lists: which arm order a list of values is read in, and when a shape may replace or fill a
placement (pure Python: values and arm mentions built from the text, no spaCy)."""
from __future__ import annotations

from stemfoot.extract.stages import shape_lists

CELLS, CONTROL = "BM-MNC group", "control group"
ARMS = [{"label": CONTROL, "role": "control"}, {"label": CELLS, "role": "intervention"}]
ROLES = {CELLS: "intervention", CONTROL: "control"}


def _values(text: str, numbers: list[str], kind: str = "percent", target: str = "unattributed",
            arm: str | None = None) -> list[dict]:
    out, pos = [], 0
    for number in numbers:
        start = text.index(number, pos)
        pos = start + len(number)
        out.append({"kind": kind, "outcome": "ulcer_healing", "target": target, "arm": arm, "flags": [],
                    "evidence": {"start": start, "end": pos, "sentence_start": 0, "sentence_end": len(text)}})
    return out


def _mentions(text: str, names: list[str]) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        pos = start + len(name)
        out.append((start, pos, name))
    return out


def test_unnamed_list_takes_the_inventory_order_cells_first():
    text = "Complete healing occurred in 60% and 30%, respectively."
    values = _values(text, ["60%", "30%"])
    placed = shape_lists(text, values, [], ARMS, ROLES, set())
    assert len(placed) == 1
    assert [v["arm"] for v in values] == [CELLS, CONTROL]
    assert all("arm_by_shape" in v["flags"] for v in values)
    assert {v["attribution"]["list_prior"] for v in values} == {"inventory_order"}


def test_the_order_the_text_last_listed_the_arms_in_comes_before_the_inventory():
    text = "Complete healing occurred in 30% and 60%, respectively."
    values = _values(text, ["30%", "60%"])
    shape_lists(text, values, [], ARMS, ROLES, set(), earlier=lambda start, k: [CONTROL, CELLS])
    assert [v["arm"] for v in values] == [CONTROL, CELLS]


def test_unnamed_list_without_a_cue_word_is_left_alone():
    text = "Complete healing occurred in 60% and 30%."
    values = _values(text, ["60%", "30%"])
    assert shape_lists(text, values, [], ARMS, ROLES, set()) == []
    assert [v["target"] for v in values] == ["unattributed", "unattributed"]


def test_before_after_pairs_replace_a_one_dimensional_placement():
    text = "ABI rose from 0.52 to 0.71 in the BM-MNC group and from 0.50 to 0.53 in the control group."
    values = _values(text, ["0.52", "0.71", "0.50", "0.53"], kind="mean", target="arm", arm=CELLS)
    mentions = _mentions(text, [CELLS, CONTROL])
    shape_lists(text, values, mentions, ARMS, ROLES, set())
    assert [v["arm"] for v in values] == [CELLS, CELLS, CONTROL, CONTROL]
    assert [v.get("measure") for v in values] == ["baseline", "follow-up", "baseline", "follow-up"]
    assert values[0]["timepoint"] == "baseline"
    assert values[2]["attribution"]["shape"] == "pairs"


def test_arms_by_time_gives_each_value_its_time():
    text = ("Healing rates at 12 and 24 weeks were 40% and 60% in the BM-MNC group versus 20% and 30% in the "
            "control group.")
    values = _values(text, ["40%", "60%", "20%", "30%"])
    shape_lists(text, values, _mentions(text, [CELLS, CONTROL]), ARMS, ROLES, set())
    assert [v["arm"] for v in values] == [CELLS, CELLS, CONTROL, CONTROL]
    assert [v["timepoint"] for v in values] == ["12 weeks", "24 weeks", "12 weeks", "24 weeks"]
    assert all("time_from_shape" in v["flags"] for v in values)


def test_one_value_per_arm_list_does_not_move_a_value_placed_on_another_arm():
    text = "Complete healing occurred in 60% and 30%, respectively."
    values = _values(text, ["60%", "30%"])
    values[0].update(target="arm", arm=CONTROL)
    assert shape_lists(text, values, [], ARMS, ROLES, set()) == []
    assert values[0]["arm"] == CONTROL and values[1]["target"] == "unattributed"


def test_a_value_whose_own_words_name_its_arm_is_never_overruled():
    text = "ABI rose from 0.52 to 0.71 in the BM-MNC group and from 0.50 to 0.53 in the control group."
    values = _values(text, ["0.52", "0.71", "0.50", "0.53"], kind="mean", target="arm", arm=CELLS)
    values[2]["arm"] = CELLS  # a reader that named this value's arm put it on the cells
    placed = shape_lists(text, values, _mentions(text, [CELLS, CONTROL]), ARMS, ROLES, {id(values[2])})
    assert placed == []
    assert [v["arm"] for v in values] == [CELLS] * 4


def test_an_earlier_clause_names_the_arms_for_a_later_list():
    text = "ABI in the BM-MNC group and the control group was 0.61 and 0.48, and TcPO2 was 41 and 30 mmHg."
    values = _values(text, ["41", "30"], kind="mean")
    for v in values:
        v["outcome"] = "tcpo2"
    shape_lists(text, values, _mentions(text, [CELLS, CONTROL]), ARMS, ROLES, set())
    assert [v["arm"] for v in values] == [CELLS, CONTROL]
    assert {v["attribution"]["list_prior"] for v in values} == {"named"}
