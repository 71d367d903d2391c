"""Attribution stage: candidates, arm inventory, the shipped model, training reproducibility, consistency.

No spaCy model is loaded (the grammar's import chain imports the spaCy library only).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from stemfoot.extract import consistency
from stemfoot.extract.arm_inventory import (
    abbreviations, build_inventory, check_sizes, dose_of, find_mentions, make_arm, role_by_words,
)
from stemfoot.extract.attribution import attribute, load_model
from stemfoot.extract.candidates import find_candidates, split_sentences

FIXTURE = Path(__file__).parent.parent / "data" / "attribution"

TEXT = ("Sixty patients were randomized to BM-MNC implantation (n = 30) or standard care (n = 30). "
        "At 12 weeks, complete healing occurred in 18 of 30 patients (60%) in the BM-MNC group and in 9 of 30 "
        "patients (30%) in the control group (P = 0.02). "
        "Mean ulcer area decreased from 4.3 ± 1.2 cm2 to 1.1 ± 0.8 cm2 in the BM-MNC group.")
ARMS = [
    {"label": "BM-MNC", "role": "intervention", "n_patients": 30, "n_limbs": None,
     "description": "bone marrow mononuclear cells (BM-MNC)", "evidence": None},
    {"label": "standard care", "role": "control", "n_patients": 30, "n_limbs": None,
     "description": "standard care", "evidence": None},
]


def _cand(cands, text, snippet):
    return next(c for c in cands if text[c.start:c.end].startswith(snippet))


def test_candidates_read_the_grammar_and_locate_each_number():
    sents = split_sentences(TEXT)
    assert len(sents) == 3
    cands = find_candidates(TEXT, sents)
    ev = _cand(cands, TEXT, "18 of 30")
    assert ev.kind == "events" and ev.values == {"events": 18.0, "total": 30.0, "percent": 60.0}
    assert [TEXT[p.start:p.end] for p in ev.parts] == ["18", "30", "60"]
    assert ev.sentence == sents[1]
    assert any(c.kind == "p_value" and c.values["p"] == 0.02 for c in cands)
    sizes = [c for c in cands if c.kind == "count" and c.values["count"] == 30.0]
    assert len(sizes) == 2  # the "(n = 30)" arm sizes fall to the fallback
    means = [c for c in cands if c.kind == "mean_sd"]
    assert [c.values["mean"] for c in means] == [4.3, 1.1]


def test_word_percentages_are_percent_candidates():
    text = "Eighty-two percent of women responded."
    (c,) = [c for c in find_candidates(text) if c.kind == "percent"]
    assert c.values == {"percent": 82.0} and text[c.start:c.end] == "Eighty-two percent"


def test_inventory_aliases_roles_doses_sizes():
    inv = build_inventory(TEXT, ARMS)
    assert [a.role for a in inv] == ["intervention", "control"]
    assert "BM-MNC" in inv[0].aliases
    assert check_sizes(inv, 60) == []
    assert check_sizes(inv, 64) == ["arm_sizes_below_total:n_patients:60!=64"]
    assert role_by_words("placebo tablets") == "control" and role_by_words("letrozole 2.5 mg") == "intervention"
    assert dose_of("letrozole 2.5 mg/day for 5 years") == "2.5 mg/day"
    assert abbreviations("treated with zoledronic acid (ZA) every month", "zoledronic acid") == ["ZA"]


def test_shared_words_name_neither_arm():
    text = "Patients received docetaxel plus chemotherapy or chemotherapy alone."
    arms = [make_arm(text, "I", "docetaxel plus chemotherapy", "intervention"),
            make_arm(text, "C", "chemotherapy alone", "control")]
    from stemfoot.extract.arm_inventory import _drop_shared_aliases
    _drop_shared_aliases(arms)
    assert all("chemotherapy" not in a.aliases for a in arms)


def test_a_word_of_one_arms_label_stays_that_arms_alias():
    # Round 44: the first arm's description, read past its clause, holds the second arm's label word; the word
    # still names the arm whose label it is, and no longer the first arm.
    text = ("The BMMSC group received culture-expanded BMMSCs, the BMMNC group received fresh BMMNCs, and the "
            "control group received saline.")
    arms = [make_arm(text, "S", "BMMSC group", "intervention",
                     ["culture-expanded BMMSCs, the BMMNC group received fresh BMMNCs"]),
            make_arm(text, "N", "BMMNC group", "intervention", ["fresh BMMNCs"]),
            make_arm(text, "C", "control group", "control")]
    from stemfoot.extract.arm_inventory import _drop_shared_aliases
    _drop_shared_aliases(arms)
    assert "BMMNC" in arms[1].aliases and "BMMNC" not in arms[0].aliases and "BMMSC" in arms[0].aliases


def test_a_label_word_that_is_part_of_another_arms_treatment_names_neither():
    # mendlead44a: "PRP" of "PRP group" is also what the BMC arm's cells were mixed with; the description's
    # over-read into "the PRP group" does not make the word the PRP arm's alone.
    text = "Patients received bone marrow cells mixed with PRP (n = 20), or the PRP group (n = 20)."
    arms = [make_arm(text, "B", "BMC group", "intervention",
                     ["bone marrow cells mixed with PRP (n = 20), or the PRP group (n = 20)"]),
            make_arm(text, "P", "PRP group", "active_comparator")]
    from stemfoot.extract.arm_inventory import _drop_shared_aliases
    _drop_shared_aliases(arms)
    assert "PRP" not in arms[0].aliases and "PRP" not in arms[1].aliases


@pytest.mark.parametrize("word, label, phrases, added", [
    ("prp", "prp group", ["bone marrow cells mixed with prp (n = 20), or the prp group (n = 20)"], True),
    ("insulin", "insulin group", ["autologous stem cells plus intensive insulin"], True),
    # an over-read description, a source, a compact name, a dose list and a bare-word label are no added treatment
    ("bmmnc", "bmmnc group", ["culture-expanded bmmscs, the bmmnc group received fresh bmmncs"], False),
    ("adsc", "adsc arm", ["exosomes isolated from adsc culture supernatant in the same hydrogel"], False),
    ("msc", "msc group", ["msc+hbo group", "msc+hbo"], False),
    ("high-dose", "high-dose arm", ["2 × 10^6 cells/kg (low-dose, mid-dose and high-dose arms)"], False),
    ("hbot", "hbot", ["adsc-hbot group", "received adsc plus hbot"], False),
])
def test_a_label_word_added_to_another_arms_treatment(word, label, phrases, added):
    from stemfoot.extract.arm_inventory import added_to_other
    assert added_to_other(word, label, phrases) is added


def test_mentions_include_role_words_only_when_one_arm_has_the_role():
    inv = build_inventory(TEXT, ARMS)
    ms = find_mentions(TEXT, inv)
    generic = [TEXT[m.start:m.end] for m in ms if m.generic]
    assert "control group" in generic
    two_controls = build_inventory(TEXT, [*ARMS, {**ARMS[1], "label": "placebo"}])
    assert not any(m.generic and m.arm != "BM-MNC" for m in find_mentions(TEXT, two_controls))


def test_shipped_model_loads_and_attributes_the_clear_cases():
    models = load_model()
    assert {"value", "arm"} <= set(models)
    assert 0.0 < models["arm"].threshold < 1.0
    sents = split_sentences(TEXT)
    cands = find_candidates(TEXT, sents)
    out = {TEXT[a.candidate.start:a.candidate.end]: a for a in attribute(TEXT, sents, cands, ARMS)}
    assert out["P = 0.02"].target == "between_arms"
    first, second = out["18 of 30 patients (60%)"], out["9 of 30 patients (30%)"]
    # Precision first: a number may stay unattributed, never land on the wrong arm.
    assert first.target in {"arm", "unattributed"} and second.target in {"arm", "unattributed"}
    assert first.scores["BM-MNC"] > first.scores["standard care"]
    assert second.scores["standard care"] > second.scores["BM-MNC"]
    for a in out.values():
        assert 0.0 <= a.probability <= 1.0
        if a.target == "arm":
            assert a.role in {"intervention", "control"}


def test_respectively_follows_list_order():
    text = ("Response rates were 45% and 20% in the letrozole and placebo groups, respectively.")
    arms = [{"label": "letrozole", "role": "intervention"}, {"label": "placebo", "role": "control"}]
    sents = split_sentences(text)
    res = attribute(text, sents, find_candidates(text, sents), arms)
    s45, s20 = (next(a for a in res if text[a.candidate.start:a.candidate.end].startswith(v)) for v in ("45", "20"))
    assert s45.scores["letrozole"] > s45.scores["placebo"]
    assert s20.scores["placebo"] > s20.scores["letrozole"]


# --- training data and reproducibility (tiny BRAT fixture) -----------------------------------------

def test_brat_reader_and_training_targets():
    from stemfoot.tools.train_attribution import candidate_target, coverage, doc_families, load_examples, read_brat
    labels = read_brat(FIXTURE / "12621740.ann")
    assert any(l.kind.startswith("iv-") for l in labels)
    exs = load_examples(FIXTURE)
    assert len(exs) == 12
    assert coverage(exs)["share"] >= 0.95
    targets = [candidate_target(ex, c, doc_families(ex)) for ex in exs for c in ex.candidates]
    roles = {t[0] for t in targets if t}
    assert {"intervention", "control", None} <= roles


def test_training_command_is_reproducible(tmp_path):
    from stemfoot.tools.train_attribution import main
    outs = []
    for i in range(2):
        out = tmp_path / f"m{i}"
        assert main(["--data", str(FIXTURE), "--out", str(out), "--model", "gbt", "--threshold", "0.6"]) == 0
        outs.append((out / "model.json").read_bytes())
    assert outs[0] == outs[1]
    models = load_model(str(tmp_path / "m0" / "model.json"))
    assert models["arm"].threshold == 0.6


def test_training_command_names_a_missing_folder(tmp_path, capsys):
    from stemfoot.tools.train_attribution import main
    assert main(["--data", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "nope" in capsys.readouterr().err


# --- consistency ---------------------------------------------------------------------------------

def _fact(**kw):
    base = {"arm": "A", "outcome": "healing", "timepoint": "12 weeks", "kind": "events", "start": 0, "end": 1}
    return {**base, **kw}


def test_percentage_restating_a_count_is_one_fact():
    facts = [_fact(events=18, total=30), _fact(kind="percent", percent=60.0)]
    (v,) = consistency.one_fact_per_key(facts)
    assert v.code == "same_fact" and v.facts == (0, 1)
    assert facts[0]["events"] == 18  # flagged, not changed


def test_two_different_values_conflict():
    facts = [_fact(events=18, total=30), _fact(events=9, total=30)]
    assert [v.code for v in consistency.one_fact_per_key(facts)] == ["conflicting_facts"]
    assert consistency.one_fact_per_key([_fact(events=18, total=30), _fact(arm="B", events=9, total=30)]) == []


def test_bounds_events_total_arm_size():
    facts = [_fact(events=31, total=30), _fact(events=5, total=40), _fact(kind="percent", percent=120.0)]
    codes = [v.code for v in consistency.bounds(facts, {"A": 30})]
    assert codes == ["events_exceed_total", "events_exceeds_arm_size", "total_exceeds_arm_size", "percent_out_of_range"]


def test_before_after_pair_stays_in_one_arm():
    facts = [_fact(kind="mean_sd", mean=4.3, pair=7), _fact(arm="B", kind="mean_sd", mean=1.1, pair=7)]
    assert [v.code for v in consistency.pairs_in_one_arm(facts)] == ["pair_split_across_arms"]
    facts[1]["arm"] = "A"
    assert consistency.pairs_in_one_arm(facts) == []


def test_cited_results_are_not_results():
    text = "Previous studies have shown healing in 40% of patients. Healing was 60% in our cell group."
    facts = [_fact(kind="percent", percent=40.0, sentence=(0, 55)), _fact(kind="percent", percent=60.0, sentence=(56, len(text)))]
    assert [v.facts for v in consistency.cited_results(facts, text)] == [(0,)]


def test_a_values_own_bracketed_range_is_no_citation():
    # "210 m [150-320]" is the value's interval; "[12-14]" after words, or "[3]" anywhere, cites other work.
    text = "Walking distance was 210 m [150-320], 260 m [180-400] and 120 m [80-190], respectively."
    facts = [_fact(kind="median", median=210.0, sentence=(0, len(text)))]
    assert consistency.cited_results(facts, text) == []
    for cited in ("Healing was reported in 40% of such patients [12-14].", "Healing rates reach 40% [3]."):
        facts = [_fact(kind="percent", percent=40.0, sentence=(0, len(cited)))]
        assert [v.facts for v in consistency.cited_results(facts, cited)] == [(0,)]


@pytest.mark.parametrize("cited", [
    "Amputation rates reach 30% [5-7].",           # 30 lies outside 5-7: references 5 to 7
    "Ulcers heal in 12 weeks [3–5,8].",            # not a plain lo-hi range
    "Healing was 24 [12-36] weeks, as in earlier work [40-42].",  # own interval, then a citation
])
def test_a_bracket_the_value_lies_outside_still_cites(cited):
    # Only lo <= value <= hi makes the bracket the value's interval; any other bracket after a value cites work.
    facts = [_fact(kind="percent", percent=30.0, sentence=(0, len(cited)))]
    assert [v.facts for v in consistency.cited_results(facts, cited)] == [(0,)]


def test_cites_work_keeps_a_values_own_interval():
    assert not consistency.cites_work("Median 24 [12–36] months and 30% [25-35] healed; 2.5 cm [1-4].")
    assert consistency.cites_work("Amputation rates reach 30% [5-7].")


@pytest.mark.parametrize("text,cited", [
    # Round 49: a zero this study reports is no cited work ...
    ("No local or systemic adverse reaction to the allogeneic cells was reported.", False),
    ("No wound infection occurred in either group, and no sheet-related adverse event was reported.", False),
    # ... but "was reported" outside a negated clause still cites, and a cue beside the zero still counts.
    ("A 30% healing rate was reported in earlier series.", True),
    ("No difference was found, and a 40% rate was reported by Smith et al.", True),
    ("No benefit was reported in previous trials.", True),
    # Only the zero's own "was reported" is exempt, not a cue inside the negated clause (reviewer, round 49).
    ("No benefit over placebo in earlier studies was reported.", True),
    ("No benefit over placebo in either group was reported.", False),
])
def test_a_negated_was_reported_is_this_studys_zero(text, cited):
    assert consistency.cites_work(text) is cited


@pytest.mark.parametrize("bad", [[], [{"arm": None}]])
def test_check_tolerates_empty_and_unattributed(bad):
    assert consistency.check(bad) == []


def test_train_attribution_cli_wraps_the_tool(tmp_path):
    from click.testing import CliRunner
    from stemfoot.cli import cli
    out = tmp_path / "m"
    result = CliRunner().invoke(cli, ["train-attribution", "--data", str(FIXTURE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert load_model(str(out / "model.json"))["arm"].features
    missing = CliRunner().invoke(cli, ["train-attribution", "--data", str(tmp_path / "nope"), "--out", str(out)])
    assert missing.exit_code == 2 and "nope" in missing.output


def test_mentions_are_cached_on_the_arms_names_not_on_the_arm_objects():
    """find_mentions is cached per text and arm names: renaming an arm, or changing the list it returned,
    changes the next answer only as the names do."""
    inv = build_inventory(TEXT, ARMS)
    first = find_mentions(TEXT, inv)
    first.clear()
    again = find_mentions(TEXT, inv)
    assert again and again == find_mentions(TEXT, build_inventory(TEXT, ARMS))
    inv[0].aliases = []
    renamed = find_mentions(TEXT, inv)
    assert {m.arm for m in renamed if not m.generic} < {m.arm for m in again if not m.generic}
