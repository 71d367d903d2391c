"""Before -> after pairs keep one arm (stages.before_after_pairs, pair_clause_arms, settle_pairs); no spaCy."""
from stemfoot.extract import consistency
from stemfoot.extract.stages import before_after_pairs, pair_clause_arms, settle_pairs


def _values(text, specs):
    """specs: (value text, kind, measure, target, arm, flags); the n-th occurrence is found left to right."""
    out, pos = [], 0
    for frag, kind, measure, target, arm, flags in specs:
        i = text.index(frag, pos)
        pos = i + len(frag)
        out.append({"kind": kind, "measure": measure, "target": target, "arm": arm, "arm_role": None,
                    "flags": list(flags),
                    "evidence": {"start": i, "end": i + len(frag), "text": frag, "sentence_start": 0,
                                 "sentence_end": len(text)}})
    return out


def _mentions(text, names):
    return [(text.index(frag), text.index(frag) + len(frag), arm) for frag, arm in names]


def test_pairs_take_the_arm_named_after_them_and_before_them():
    text = ("Over 6 months, walking pain fell from 5.9 ± 1.2 to 2.8 ± 1.0 in the cell group and from 6.1 ± 1.3 "
            "to 5.0 ± 1.6 in the placebo group, but changed little with bandaging (6.0 ± 1.1 to 5.7 ± 1.4).")
    vals = _values(text, [("5.9 ± 1.2", "mean_sd", "baseline", "unattributed", None, ["review_attribution"]),
                          ("2.8 ± 1.0", "mean_sd", None, "unattributed", None, ["review_attribution"]),
                          ("6.1 ± 1.3", "mean_sd", "baseline", "arm", "P", []),
                          ("5.0 ± 1.6", "mean_sd", None, "arm", "P", []),
                          ("6.0 ± 1.1", "mean_sd", "baseline", "arm", "P", ["arm_by_model"]),
                          ("5.7 ± 1.4", "mean_sd", None, "unattributed", None, ["review_attribution"])])
    ments = _mentions(text, [("cell group", "C"), ("placebo group", "P"), ("bandaging", "B")])
    pairs = before_after_pairs(text, vals, ments)
    assert [[v["evidence"]["text"] for v in g] for g in pairs] == [
        ["5.9 ± 1.2", "2.8 ± 1.0"], ["6.1 ± 1.3", "5.0 ± 1.6"], ["6.0 ± 1.1", "5.7 ± 1.4"]]
    # The placebo mention closes the second pair's clause; it is not the third pair's arm.
    assert pair_clause_arms(text, pairs, vals, ments) == ["C", "P", "B"]
    settle_pairs(text, vals, ments, {"C": "intervention", "P": "control", "B": "control"})
    assert [v["arm"] for v in vals] == ["C", "C", "P", "P", "B", "B"]
    assert all(v["target"] == "arm" for v in vals)
    assert "arm_from_pair" in vals[0]["flags"] and "review_attribution" not in vals[0]["flags"]
    assert "arm_from_pair" not in vals[2]["flags"]
    assert [v["pair"] for v in vals] == [0, 0, 1, 1, 2, 2]


def test_a_chain_of_follow_up_values_is_one_pair_with_the_arm_before_it():
    text = "In the gel group, wound area shrank from 4.1 ± 2.0 cm2 at baseline to 2.2 ± 1.5 cm2 at week 6 and 1.0 ± 0.8 cm2 at week 12."
    vals = _values(text, [("4.1 ± 2.0", "mean_sd", "baseline", "unattributed", None, ["review_attribution"]),
                          ("2.2 ± 1.5", "mean_sd", None, "unattributed", None, ["review_attribution"]),
                          ("1.0 ± 0.8", "mean_sd", None, "unattributed", None, ["review_attribution"])])
    ments = _mentions(text, [("gel group", "G")])
    settle_pairs(text, vals, ments, {"G": "intervention", "S": "control"})
    assert [v["arm"] for v in vals] == ["G", "G", "G"]


def test_a_comparator_named_before_the_pair_is_not_its_arm():
    text = "Compared with the saline group, TcPO2 rose from 21 ± 6 to 33 ± 8 mmHg (P < 0.01)."
    vals = _values(text, [("21 ± 6", "mean_sd", "baseline", "unattributed", None, ["review_attribution"]),
                          ("33 ± 8", "mean_sd", None, "unattributed", None, ["review_attribution"])])
    ments = _mentions(text, [("saline group", "S")])
    pairs = before_after_pairs(text, vals, ments)
    assert pair_clause_arms(text, pairs, vals, ments) == [None]
    settle_pairs(text, vals, ments, {"S": "control", "C": "intervention"})
    assert [v["target"] for v in vals] == ["unattributed", "unattributed"]


def test_without_a_clause_arm_the_better_placed_end_decides_or_both_are_left():
    text = "ABI increased from 0.51 ± 0.09 to 0.62 ± 0.10 (P = 0.01)."
    specs = [("0.51 ± 0.09", "mean_sd", "baseline", "unattributed", None, ["review_attribution"]),
             ("0.62 ± 0.10", "mean_sd", None, "arm", "A", [])]
    vals = _values(text, specs)
    settle_pairs(text, vals, [], {"A": "intervention", "B": "control"})
    assert [v["arm"] for v in vals] == ["A", "A"] and "arm_from_pair" in vals[0]["flags"]
    # A model-only end yields to an end the rules and the model agree on.
    vals = _values(text, [specs[0][:3] + ("arm", "B", ["arm_by_model"]), specs[1]])
    settle_pairs(text, vals, [], {"A": "intervention", "B": "control"})
    assert [v["arm"] for v in vals] == ["A", "A"]
    # Two ends placed equally well on different arms: left as they are, flagged.
    vals = _values(text, [specs[0][:3] + ("arm", "B", []), specs[1]])
    settle_pairs(text, vals, [], {"A": "intervention", "B": "control"})
    assert [v["arm"] for v in vals] == ["B", "A"]
    assert all("pair_arm_conflict" in v["flags"] for v in vals)
    # The pair number lets the consistency check see the split.
    facts = [{"arm": v["arm"], "pair": v["pair"]} for v in vals]
    assert [x.code for x in consistency.pairs_in_one_arm(facts)] == ["pair_split_across_arms"]


def test_values_compared_across_arms_are_no_pair():
    text = "At 12 weeks ABI was 0.66 ± 0.10 versus 0.55 ± 0.09 to the end of follow-up."
    vals = _values(text, [("0.66 ± 0.10", "mean_sd", None, "arm", "A", []),
                          ("0.55 ± 0.09", "mean_sd", None, "arm", "B", [])])
    assert before_after_pairs(text, vals, []) == []


def test_pairs_listed_with_respectively_take_the_arms_in_the_order_named():
    text = ("Walking distance (14 patients in the gel group and 12 in the saline group) rose from (101±40) m to "
            "(250±90) m and from (110±45) m to (150±60) m, respectively.")
    vals = _values(text, [("101±40", "mean_sd", "baseline", "arm", "S", []),
                          ("250±90", "mean_sd", None, "arm", "S", []),
                          ("110±45", "mean_sd", "baseline", "arm", "S", []),
                          ("150±60", "mean_sd", None, "unattributed", None, ["review_attribution"])])
    ments = _mentions(text, [("gel group", "G"), ("saline group", "S")])
    settle_pairs(text, vals, ments, {"G": "intervention", "S": "control"})
    assert [v["arm"] for v in vals] == ["G", "G", "S", "S"]


def test_pairs_joined_by_vs_with_no_arm_named_follow_the_earlier_list_or_stay():
    text = "ABI was unchanged in both arms (0.61→0.63 vs 0.60→0.60)."
    specs = [("0.61", "mean", "baseline", "cohort", None, []), ("0.63", "mean", None, "cohort", None, []),
             ("0.60", "mean", "baseline", "cohort", None, []), ("0.60", "mean", None, "cohort", None, [])]
    vals = _values(text, specs)
    settle_pairs(text, vals, [], {"A": "intervention", "B": "control"}, earlier=lambda start, k: ["A", "B"])
    assert [v["arm"] for v in vals] == ["A", "A", "B", "B"]
    # No earlier list of the arms: nothing to go by, the values stay the cohort's.
    vals = _values(text, specs)
    settle_pairs(text, vals, [], {"A": "intervention", "B": "control"}, earlier=lambda start, k: None)
    assert [v["target"] for v in vals] == ["cohort"] * 4
    # Without "respectively" or "vs" two pairs are no list.
    text = "ABI rose from 0.61 to 0.63 and from 0.60 to 0.60 over the year."
    vals = _values(text, [(f, k, m, "unattributed", None, []) for f, k, m, *_ in specs])
    settle_pairs(text, vals, [], {"A": "intervention", "B": "control"}, earlier=lambda start, k: ["A", "B"])
    assert [v["target"] for v in vals] == ["unattributed"] * 4
