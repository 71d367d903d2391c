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
