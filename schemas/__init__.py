"""The project's vocabularies, defined once (`vocabularies.json`, `outcomes.json`, ...) and read everywhere else."""
from __future__ import annotations

import json
from importlib import resources

_VOCAB = json.loads(resources.files(__name__).joinpath("vocabularies.json").read_text(encoding="utf-8"))

#: Study designs, in the order they are listed to users.
DESIGNS: tuple[str, ...] = tuple(_VOCAB["designs"])
#: Roles of an arm.
ARM_ROLES: tuple[str, ...] = tuple(_VOCAB["arm_roles"])
#: Kinds of extracted statistic.
STATISTIC_KINDS: tuple[str, ...] = tuple(_VOCAB["statistic_kinds"])
#: Every field of a statistic record that holds part of its value.
STATISTIC_FIELDS: tuple[str, ...] = tuple(_VOCAB["statistic_fields"])
#: The numeric fields a reviewer checks and a query shows.
STATISTIC_VALUES: tuple[str, ...] = tuple(_VOCAB["statistic_values"])

#: Outcome id -> definition name -> regex patterns (for review protocols; see outcome_definitions.json).
OUTCOME_DEFINITIONS: dict[str, dict[str, list[str]]] = json.loads(
    resources.files(__name__).joinpath("outcome_definitions.json").read_text(encoding="utf-8"))["outcomes"]
#: Trial registries: id patterns and PubMed DataBankList names (`registries.json`).
REGISTRIES: tuple[dict, ...] = tuple(
    json.loads(resources.files(__name__).joinpath("registries.json").read_text(encoding="utf-8"))["registries"])
#: Outcome ids of the controlled vocabulary (`outcomes.json`).
OUTCOME_IDS: tuple[str, ...] = tuple(
    t["id"] for t in json.loads(resources.files(__name__).joinpath("outcomes.json").read_text(encoding="utf-8"))["terms"])
#: Effect-measure codes with their abbreviations and names, earlier entries first (`vocabularies.json`).
EFFECT_MEASURES: tuple[dict, ...] = tuple(_VOCAB["effect_measures"])


def effect_measure_code(name: str | None) -> str | None:
    """The code of an effect measure written as a code or in words: "hazard ratio" -> HR, "risk difference
    (percentage points)" -> RD, "MD" -> MD; None when the text names none of `EFFECT_MEASURES`."""
    import re

    text = (name or "").strip()
    for m in EFFECT_MEASURES:
        if any(re.search(rf"(?<![\w]){a}(?!\w)", text) for a in m["abbrev"]) or any(
                re.search(rf"\b{n}", text, re.I) for n in m["names"]):
            return m["code"]
    return None


#: The units a cluster trial randomises (`vocabularies.json` "cluster_units"): "centres", "practices", ...
CLUSTER_UNITS: tuple[str, ...] = tuple(_VOCAB["cluster_units"])
#: The units' plurals, the only forms that name a cluster trial's side ("intervention centres"): one "control centre"
#: or "treatment center" is a place ("the Poison Control Centre"), never the set of units an arm randomised.
CLUSTER_SIDES: tuple[str, ...] = tuple(u for u in CLUSTER_UNITS if u.endswith("s"))
#: ``CLUSTER_SIDES`` as one regex group, for the patterns that name a side by its units.
CLUSTER_SIDE: str = "(?:" + "|".join(CLUSTER_SIDES) + ")"
#: Control-arm words (`vocabularies.json` "control_words"): each a regex with the readings ("uses") that take it.
CONTROL_WORDS: tuple[dict, ...] = tuple(_VOCAB["control_words"])


def control_words(use: str) -> str:
    """The regex alternation (``a|b|...``, ungrouped) of the control words a reading takes, in the file's order;
    callers wrap it in their own context, e.g. ``\\b(?:{CONTROL_WORDS})\\b``."""
    words = [w["regex"] for w in CONTROL_WORDS if use in w["uses"]]
    if not words:
        raise KeyError(f"vocabularies.json control_words: no word for use {use!r}")
    return "|".join(words)


_BASELINE = json.loads(resources.files(__name__).joinpath("baseline.json").read_text(encoding="utf-8"))


def baseline_cues(table: bool = False) -> str:
    """The regex alternation (ungrouped) of `baseline.json`'s baseline-time cues ("baseline", "at entry", "before
    treatment", ...), with its baseline-table words ("characteristics", "demographics") too when ``table``."""
    return "|".join(_BASELINE["baseline_cues"] + (_BASELINE["table_cues"] if table else []))


_NOT_RESULTS = json.loads(resources.files(__name__).joinpath("not_results.json").read_text(encoding="utf-8"))


def not_result_terms(kind: str) -> str:
    """The regex alternation (ungrouped) of `not_results.json`'s terms of one kind: ``units:cells``,
    ``units:volume``, ``units:dose``, ``markers``, ``nouns``, ``verbs``, ``cell_nouns`` (product quantities that are
    never outcome results: cell doses and counts, harvest volumes, drug doses)."""
    head, _, sub = kind.partition(":")
    entry = _NOT_RESULTS[head]
    terms = entry[sub] if sub else entry["terms"]
    return "|".join(f"(?:{t})" for t in terms)


_UNITS = json.loads(resources.files(__name__).joinpath("units.json").read_text(encoding="utf-8"))
#: Unit spelling (lower case, no spaces) -> unit class (`units.json`; the classes outcomes.json's "units" use).
UNIT_CLASSES: dict[str, str] = _UNITS["classes"]
#: Unit class -> the outcome that unit alone names in this domain (area -> wound_area); absent when shared.
UNIT_NAMES: dict[str, str] = _UNITS["names"]
#: Leading parts of a unit spelling after which a space may be written ("mm Hg", "cm 2").
UNIT_SPACE_AFTER: tuple[str, ...] = tuple(_UNITS["space_after"])
