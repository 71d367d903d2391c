"""Review protocol files and the timepoint rule (metaanalysis/protocol.py)."""
from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from stemfoot.metaanalysis.protocol import (
    ARM_ROLES, ProtocolError, TimepointRule, choose_timepoint, choose_timepoints, load_protocol,
    parse_months, parse_protocol,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = Path(__file__).parent.parent / "data" / "protocol" / "example.toml"
CELL_TYPES = [t["id"] for t in json.loads((ROOT / "schemas" / "cell_types.json").read_text())["terms"]]
OUTCOME_IDS = [t["id"] for t in json.loads((ROOT / "schemas" / "outcomes.json").read_text())["terms"]]


def test_roles_match_the_study_schema():
    schema = json.loads((ROOT / "schemas" / "study.schema.json").read_text())
    enums = []

    def walk(node):
        if isinstance(node, dict):
            if "role" in node and isinstance(node["role"], dict) and "enum" in node["role"]:
                enums.append(node["role"]["enum"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(schema)
    # null: an arm whose role a reviewer rejected, or an arm only reviewer-added values name
    assert enums and all(tuple(r for r in e if r is not None) == ARM_ROLES for e in enums)


def test_example_protocol():
    p = load_protocol(EXAMPLE, cell_types=CELL_TYPES, outcome_ids=OUTCOME_IDS)
    assert p.title.startswith("Autologous cell therapy")
    assert p.experimental.roles == ("intervention", "active_comparator")
    assert p.experimental.cell_types == ("BM-MNC", "PB-MNC")
    assert p.control.roles == ("control",) and p.control.cell_types == ()
    assert [o.id for o in p.outcomes] == ["ulcer_healing", "amputation", "abi"]
    amp = p.outcome("amputation")
    assert amp.measure == "RR" and amp.direction == "lower_is_better"
    assert amp.counts("major") and amp.counts("Major ") and not amp.counts("minor") and not amp.counts(None)
    assert p.outcome("ulcer_healing").counts("minor")  # default: any definition
    assert p.rule_for("amputation") == TimepointRule("closest", 6.0, 3.0)
    assert p.rule_for("abi") == TimepointRule("latest")
    assert (p.analysis.method, p.analysis.test, p.analysis.multiarm, p.analysis.min_k_small_study) == \
        ("REML", "knha", "combine", 10)
    assert p.excluded("12345678") == "same patients as a larger report"
    assert p.excluded("pmid:12345678") is not None and p.excluded("Lu 2011") is None
    assert "duplicate report" in p.screening_reasons


def mutate(edit) -> dict:
    data = tomllib.loads(EXAMPLE.read_text())
    edit(data)
    return data


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.pop("review"), "p.toml: review: missing"),
    (lambda d: d["outcomes"][1].update(measure="HRR"), "p.toml: outcomes[1].measure: must be one of RR, OR, RD, MD, SMD, HR, not 'HRR'"),
    (lambda d: d["outcomes"][0].update(direction="up"), "p.toml: outcomes[0].direction: must be one of"),
    (lambda d: d["outcomes"][2].update(id="ABI"), "p.toml: outcomes[2].id: must be a snake_case id"),
    (lambda d: d["outcomes"][2].update(id="amputation"), "p.toml: outcomes[2].id: 'amputation' is listed twice"),
    (lambda d: d["outcomes"][0].update(synonym=["x"]), "p.toml: outcomes[0].synonym: unknown key"),
    (lambda d: d["outcomes"][0].update(definitions=["any", "major"]), "p.toml: outcomes[0].definitions: \"any\""),
    (lambda d: d["outcomes"][1]["timepoint"].pop("months"), "p.toml: outcomes[1].timepoint.months: missing"),
    (lambda d: d["timepoint"].update(months=6), "p.toml: timepoint.months: only goes with rule"),
    (lambda d: d["timepoint"].update(rule="earliest"), "p.toml: timepoint.rule: must be one of latest, closest"),
    (lambda d: d["comparison"]["control"].update(roles=["placebo"]), "p.toml: comparison.control.roles[0]: must be one of"),
    (lambda d: d["comparison"]["control"].update(roles=["intervention"]), "p.toml: comparison.control.roles: role 'intervention' is also experimental"),
    (lambda d: d["comparison"]["experimental"].update(cell_types=["stem cells"]), "p.toml: comparison.experimental.cell_types[0]: must be one of"),
    (lambda d: d["analysis"].update(multiarm="merge"), "p.toml: analysis.multiarm: must be one of combine, split"),
    (lambda d: d["analysis"].update(min_k_small_study=True), "p.toml: analysis.min_k_small_study: must be a number, not a boolean"),
    (lambda d: d["exclusions"].append({"study": "PMID: 12345678", "reason": "x"}), "p.toml: exclusions[1].study: 'PMID: 12345678' is excluded twice"),
    (lambda d: d["exclusions"][0].pop("reason"), "p.toml: exclusions[0].reason: missing"),
    (lambda d: d.update(outcomes=[]), "p.toml: outcomes: must list at least one outcome"),
    (lambda d: d["outcomes"][0].update(id="wound_smell"), "p.toml: outcomes[0].id: 'wound_smell' is not in the outcome vocabulary"),
    (lambda d: d["screening"].update(exclusion_reasons=["a", "a"]), "p.toml: screening.exclusion_reasons[1]: 'a' is listed twice"),
    (lambda d: d.update(extra=1), "p.toml: extra: unknown key"),
])
def test_invalid_protocols_give_one_line_errors(edit, message):
    with pytest.raises(ProtocolError) as err:
        parse_protocol(mutate(edit), "p.toml", cell_types=CELL_TYPES, outcome_ids=OUTCOME_IDS)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


def test_disjoint_cell_types_allow_the_same_role_on_both_sides():
    def edit(d):
        d["comparison"] = {"experimental": {"roles": ["intervention"], "cell_types": ["BM-MNC"]},
                           "control": {"roles": ["intervention"], "cell_types": ["PB-MNC"]}}
    p = parse_protocol(mutate(edit), "p.toml", cell_types=CELL_TYPES)
    assert p.control.cell_types == ("PB-MNC",)


def test_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[review]\ntitle = "x"\n[comparison\n')
    with pytest.raises(ProtocolError, match=r"bad\.toml: invalid TOML: .*line 3"):
        load_protocol(bad)
    with pytest.raises(ProtocolError, match=r"missing\.toml: cannot read"):
        load_protocol(tmp_path / "missing.toml")


@pytest.mark.parametrize("label, months", [
    ("12 weeks", 84 / (365.25 / 12)), ("6 months", 6.0), ("1 year", 12.0), ("day 90", 90 / (365.25 / 12)),
    ("Week 12", 84 / (365.25 / 12)), ("6-month follow-up", 6.0), ("12-wk", 84 / (365.25 / 12)),
    ("one year", 12.0), ("1.5 years", 18.0), ("3 mo", 3.0), ("12 months (1 year)", 12.0),
    ("baseline", 0.0), ("Day 0", 0.0),
    ("6-12 months", None), ("week 2-4", None), ("3 to 6 months", None), ("at 6 months and 12 months", None),
    ("end of study", None), ("", None), (None, None),
])
def test_parse_months(label, months):
    got = parse_months(label)
    if months is None:
        assert got is None
    else:
        assert got == pytest.approx(months, rel=1e-12)


def test_latest_rule():
    r = TimepointRule("latest")
    c = choose_timepoint(["baseline", "12 weeks", "6 months", "day 90"], r)
    assert (c.timepoint, c.months, c.reason) == ("6 months", 6.0, "latest")
    assert choose_timepoint(["6 months", "end of study"], r).timepoint == "end of study"
    assert choose_timepoint(["baseline"], r).timepoint is None
    assert choose_timepoint([""], r).reason == "only timepoint (no duration)"
    assert choose_timepoint(["after treatment", "later"], r).timepoint is None
    assert choose_timepoint(["12 months", "1 year"], r).timepoint == "12 months"  # first of equal durations


def test_closest_rule():
    r = TimepointRule("closest", 6.0)
    assert choose_timepoint(["12 weeks", "24 weeks", "1 year"], r).timepoint == "24 weeks"
    assert choose_timepoint(["3 months", "9 months"], r).timepoint == "9 months"  # tie: the later one
    assert choose_timepoint(["end of study"], r).timepoint is None
    far = choose_timepoint(["2 years"], TimepointRule("closest", 6.0, 3.0))
    assert far.timepoint is None and "closest: 2 years" in far.reason
    out = choose_timepoints({"A": ["6 months", "12 months"], "B": ["week 20"]}, r)
    assert out["A"].timepoint == "6 months" and out["B"].timepoint == "week 20"
