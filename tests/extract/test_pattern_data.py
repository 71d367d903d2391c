"""The regex-as-data loader: fragments resolve by name, regex quantifiers stay as written, every file loads."""
import json
import re
from importlib import resources

import pytest

from stemfoot.extract import pattern_data
from stemfoot.extract.pattern_data import _text, load_patterns


def test_a_fragment_reference_is_replaced_and_a_quantifier_is_not():
    parts = {"COUNT": r"\d+", "NOUN": "(?:patients?|cases)"}
    assert _text([r"(?P<n>{COUNT})\s+", r"(?:\w+\s+){0,3}?{NOUN}"], parts, "t") == \
        r"(?P<n>\d+)\s+(?:\w+\s+){0,3}?(?:patients?|cases)"


def test_an_unknown_fragment_is_an_error_naming_the_pattern():
    with pytest.raises(KeyError, match="t.X: no fragment NOPE"):
        _text("{NOPE}", {}, "t.X")


def test_every_patterns_file_loads_with_what_its_module_passes():
    folder = resources.files(pattern_data.__package__).joinpath("patterns")
    names = sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))
    assert "number_grammar" in names
    from stemfoot.extract import number_grammar, tables

    assert number_grammar._RX.SLASH.pattern.startswith(r"(?<![\w./])(?P<e>\d+)")
    assert [label for label, _ in tables._RX.SHAPES][:2] == ["pm_pair", "pm"]
    for name in names:
        data = json.loads(folder.joinpath(f"{name}.json").read_text("utf-8"))
        assert set(data) <= {"description", "fragments", "patterns"}, name
        for spec in data["patterns"].values():
            assert set(spec) <= {"doc", "regex", "flags", "table"}, name


def test_flags_apply():
    rx = pattern_data._compile({"regex": "abc", "flags": "I"}, {}, "t")
    assert rx.flags & re.I and rx.match("ABC")


def test_control_and_baseline_words_are_written_once_and_read_from_the_schema():
    """The control-arm words live in vocabularies.json, the baseline cues in baseline.json: no pattern file spells
    them out again (a copy would drift), and each reading gets its own subset of the one list."""
    from stemfoot.schemas import CONTROL_WORDS, baseline_cues, control_words

    regexes = [w["regex"] for w in CONTROL_WORDS]
    assert len(regexes) == len(set(regexes))
    readers = {"arm_inventory": ["CONTROL_WORDS"], "arm_model": ["CONTROL"], "arm_sizes": ["CONTROL", "INACTIVE"],
               "arms": ["CONTROL_CUE", "INACTIVE"], "prose_pairs": ["CONTROLISH"], "group_sizes": ["GENERIC_CONTROL"],
               "outcome_query": ["CONTROL", "GENERIC_CONTROL", "BASELINE_TABLE"],
               "stages": ["RESULT_ONLY_CONTROL", "AT_BASELINE"], "export_gate": ["BASELINE"],
               "outcome_match": ["BASELINE_WORDS"]}
    for name, keys in readers.items():
        data = json.loads(resources.files(pattern_data.__package__).joinpath("patterns", f"{name}.json").read_text("utf-8"))
        for key in keys:
            regex = "".join(data["patterns"][key]["regex"])
            assert re.search(r"\{(?:CONTROL|INACTIVE|GENERIC_CONTROL)_WORDS\}|\{BASELINE_CUES\}", regex), (name, key)
            assert not re.search(r"placebo|control\b|pre-\?treatment|entry", regex, re.I), (name, key)
    generic = re.compile(rf"\b(?:{control_words('generic')})\b", re.I)
    arm = re.compile(rf"\b(?:{control_words('arm_role')})\b", re.I)
    assert generic.search("the Control group") and not generic.search("standard care")
    assert arm.search("standard care") and arm.search("no-treatment group") and not arm.search("BM-MSC")
    cue = re.compile(rf"\b(?:{baseline_cues()})\b", re.I)
    table = re.compile(rf"\b(?:{baseline_cues(table=True)})\b", re.I)
    assert cue.search("at the time of enrolment") and not cue.search("Baseline characteristics"[9:])
    assert table.search("Table 1. Patient characteristics") and not cue.search("Table 1. Patient characteristics")
    with pytest.raises(KeyError, match="no word for use 'nope'"):
        control_words("nope")
